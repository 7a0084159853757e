/** Codes of the non-fatal problems that lenient reading reports instead of failing. */
export const FINDING_CODES = [
  "INVALID_KEYWORD",
  "UNPARSABLE_VALUE",
  "CONTINUE_WITHOUT_STRING",
  "NON_ASCII_TEXT",
  "END_CARD_NOT_BLANK",
  "BAD_STRUCTURE",
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/**
 * A problem found while reading a header leniently: the card is kept (as astropy keeps it) and the
 * caller chooses to warn, fix or reject. `card` is the index of the card in the header when known.
 */
export interface Finding {
  readonly code: FindingCode;
  readonly message: string;
  readonly keyword?: string;
  readonly card?: number;
}
