/** Size of a FITS block in bytes: headers and data units are padded to a multiple of it. */
export const BLOCK_SIZE = 2880;
/** Length of one header card (card image) in bytes. */
export const CARD_LENGTH = 80;
/** Maximum length of a standard keyword; longer names need the HIERARCH convention. */
export const KEYWORD_LENGTH = 8;
/** Cards per block (36). */
export const CARDS_PER_BLOCK = BLOCK_SIZE / CARD_LENGTH;
/** Default hard bound on the size of one header in bytes (200 blocks, 7200 cards). */
export const DEFAULT_MAX_HEADER_BYTES = 200 * BLOCK_SIZE;
/** Keywords whose cards carry free text rather than a value (astropy's `_commentary_keywords`). */
export const COMMENTARY_KEYWORDS: ReadonlySet<string> = new Set(["", "COMMENT", "HISTORY", "END"]);
/** Commentary keywords plus CONTINUE (astropy's `_special_keywords`). */
export const SPECIAL_KEYWORDS: ReadonlySet<string> = new Set(["", "COMMENT", "HISTORY", "END", "CONTINUE"]);
