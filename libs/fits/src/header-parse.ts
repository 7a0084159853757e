import { type Card, isEndCard, parseCardImage } from "./card-parse";
import * as constants from "./constants";
import { FitsFormatError } from "./errors";
import type { Finding } from "./finding";
import { Header } from "./header";

// Local copies: imported bindings are getters once compiled to CommonJS, and these are used per card.
const BLOCK_SIZE = constants.BLOCK_SIZE;
const CARD_LENGTH = constants.CARD_LENGTH;

/** A header parsed from bytes: the cards, the problems found, and its size on disk. */
export interface ParsedHeader {
  readonly header: Header;
  readonly findings: readonly Finding[];
  /** Size of the header including its END card and block padding, in bytes (a multiple of 2880). */
  readonly headerBytes: number;
}

const LATIN1 = new TextDecoder("latin1");
const PRINTABLE_RE = /^[ -~]*$/;

/** Decode header bytes as latin-1 (one character per byte, as astropy does). */
export function decodeLatin1(bytes: Uint8Array): string {
  return LATIN1.decode(bytes);
}

/**
 * Find the END card in header text (latin-1, starting at a card boundary): the index of the END
 * card in cards, or -1. `fromCard` lets callers resume a scan. END is astropy's rule: `END` followed
 * by a non-keyword character.
 */
export function findEndCard(text: string, fromCard = 0): number {
  const cards = Math.floor(text.length / CARD_LENGTH);
  for (let i = fromCard; i < cards; i++) {
    const offset = i * CARD_LENGTH;
    if (text.charCodeAt(offset) === 69 && isEndCard(text.slice(offset, offset + CARD_LENGTH))) return i;
  }
  return -1;
}

/**
 * Turn the card images before END into a Header, joining CONTINUE cards to the card before them (as
 * astropy's Header.fromstring does) and parsing each card leniently. Findings carry the card index.
 */
export function parseCardImages(text: string, cardCount: number): { header: Header; findings: Finding[] } {
  const cards: Card[] = [];
  const findings: Finding[] = [];
  let pending: string | null = null;
  // One check of the whole header is far cheaper than one per card.
  const printable = PRINTABLE_RE.test(
    text.length === cardCount * CARD_LENGTH ? text : text.slice(0, cardCount * CARD_LENGTH),
  );
  const flush = (): void => {
    if (pending === null) return;
    const parsed = parseCardImage(pending, printable);
    for (const finding of parsed.findings) findings.push({ ...finding, card: cards.length });
    cards.push(parsed.card);
    pending = null;
  };
  for (let i = 0; i < cardCount; i++) {
    const image = text.slice(i * CARD_LENGTH, (i + 1) * CARD_LENGTH);
    if (pending !== null && image.startsWith("CONTINUE")) {
      pending += image;
      continue;
    }
    flush();
    pending = image;
  }
  flush();
  return { header: new Header(cards), findings };
}

/**
 * Parse a complete header from bytes that start at its first card (e.g. a whole small file).
 * Throws FitsFormatError NO_END_CARD when the bytes hold no END card.
 */
export function parseHeaderBytes(bytes: Uint8Array): ParsedHeader {
  const text = decodeLatin1(bytes);
  const end = findEndCard(text);
  if (end < 0) {
    throw new FitsFormatError(
      "NO_END_CARD",
      `header has no END card in ${bytes.length} bytes: a FITS header must end with END`,
    );
  }
  const { header, findings } = parseCardImages(text, end);
  const headerBytes = Math.ceil(((end + 1) * CARD_LENGTH) / BLOCK_SIZE) * BLOCK_SIZE;
  const trailing = text.slice(end * CARD_LENGTH + 3, (end + 1) * CARD_LENGTH).trim();
  const allFindings = trailing
    ? [
        ...findings,
        {
          code: "END_CARD_NOT_BLANK" as const,
          message: `END card has trailing text ${JSON.stringify(trailing)}`,
          card: header.length,
        },
      ]
    : findings;
  return { header, findings: allFindings, headerBytes };
}
