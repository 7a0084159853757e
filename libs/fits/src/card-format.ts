import { CARD_LENGTH, COMMENTARY_KEYWORDS, KEYWORD_LENGTH } from "./constants";
import type { Card } from "./card-parse";
import { FitsWriteError } from "./errors";
import { type CardValue, formatFloat } from "./value";

const STANDARD_KEYWORD_RE = /^[A-Z0-9_-]{1,8}$/;
// HIERARCH names: printable ASCII except "=", no leading/trailing blanks.
const HIERARCH_KEYWORD_RE = /^[!-<>-~](?:[ -<>-~]*[!-<>-~])?$/;
const PRINTABLE_RE = /^[ -~]*$/;
const RESERVED = new Set(["END", "CONTINUE"]);

/**
 * Format one card strictly as FITS 4.0 text (astropy's layout: keyword padded to 8, "= ", numbers and
 * logicals right-aligned to column 30, strings quoted and padded to 8 characters, " / comment").
 * Returns 80 characters, or a multiple of 80 for a long string (CONTINUE cards) or a long commentary
 * text (several COMMENT/HISTORY cards). Keywords longer than 8 characters, or with characters other
 * than A-Z 0-9 _ -, are written as HIERARCH cards. Throws FitsWriteError INVALID_KEYWORD,
 * INVALID_VALUE or CARD_TOO_LONG instead of truncating or fixing anything.
 */
export function formatCard(card: Card): string {
  const { keyword, value, comment } = card;
  if (RESERVED.has(keyword.toUpperCase())) {
    throw new FitsWriteError(
      "INVALID_KEYWORD",
      `keyword ${keyword} is reserved: END and CONTINUE cards are written by the formatter itself`,
    );
  }
  if (COMMENTARY_KEYWORDS.has(keyword)) return formatCommentary(card);
  checkText(keyword, "comment", comment);
  // HIERARCH only for names a standard card cannot hold (longer than 8 characters or with blanks).
  const hierarch = keyword.length > KEYWORD_LENGTH || keyword.includes(" ");
  if (hierarch ? !HIERARCH_KEYWORD_RE.test(keyword) : !STANDARD_KEYWORD_RE.test(keyword)) {
    throw new FitsWriteError(
      "INVALID_KEYWORD",
      `keyword ${JSON.stringify(keyword)} is not valid: standard keywords are 1-8 characters of A-Z, 0-9, "_" and "-"; longer HIERARCH names are printable ASCII without "="`,
    );
  }
  let valueText = formatValue(keyword, value);
  if (hierarch) valueText = valueText.trim();
  const head = hierarch ? `HIERARCH ${keyword} ` : keyword.padEnd(KEYWORD_LENGTH);
  const commentText = comment === "" ? "" : ` / ${comment}`;
  let text = `${head}= ${valueText}${commentText}`;
  if (hierarch && head.length + 2 + valueText.length === CARD_LENGTH + 1) {
    text = `HIERARCH ${keyword}= ${valueText}${commentText}`;
  }
  if (text.length <= CARD_LENGTH) return text.padEnd(CARD_LENGTH);
  if (!hierarch && value.type === "string" && valueText.length > CARD_LENGTH - 10) {
    return formatLongString(keyword, value.value, comment);
  }
  throw new FitsWriteError(
    "CARD_TOO_LONG",
    `card ${keyword} needs ${text.length} characters, more than ${CARD_LENGTH}: shorten its comment or value`,
  );
}

function checkText(keyword: string, what: string, text: string): void {
  if (!PRINTABLE_RE.test(text)) {
    throw new FitsWriteError(
      "INVALID_VALUE",
      `card ${keyword}: the ${what} must be printable ASCII (space to ~), got ${JSON.stringify(text)}`,
    );
  }
}

/** The value field as astropy's `_format_value` writes it (20 columns for numbers, logicals and short strings). */
export function formatValue(keyword: string, value: CardValue): string {
  switch (value.type) {
    case "string": {
      checkText(keyword, "value", value.value);
      if (value.value === "") return "''";
      return `'${value.value.replaceAll("'", "''").padEnd(8)}'`.padEnd(20);
    }
    case "logical":
      return (value.value ? "T" : "F").padStart(20);
    case "integer":
      return value.value.toString().padStart(20);
    case "float":
      return finite(keyword, value.value, () => formatFloat(value.value)).padStart(20);
    case "complex":
      return finite(
        keyword,
        value.re + value.im,
        () => `(${formatFloat(value.re)}, ${formatFloat(value.im)})`,
      ).padStart(20);
    case "undefined":
      return "";
  }
}

function finite(keyword: string, value: number, format: () => string): string {
  if (!Number.isFinite(value)) {
    throw new FitsWriteError(
      "INVALID_VALUE",
      `card ${keyword}: FITS cannot store the non-finite number ${value}`,
    );
  }
  return format();
}

function formatCommentary(card: Card): string {
  const { keyword, value, comment } = card;
  if (value.type !== "string") {
    throw new FitsWriteError(
      "INVALID_VALUE",
      `${keyword || "blank-keyword"} card: commentary cards hold text, got a ${value.type} value`,
    );
  }
  if (comment !== "") {
    throw new FitsWriteError(
      "INVALID_VALUE",
      `${keyword || "blank-keyword"} card: commentary cards have no separate comment, got ${JSON.stringify(comment)}`,
    );
  }
  checkText(keyword, "text", value.value);
  const width = CARD_LENGTH - KEYWORD_LENGTH;
  const head = keyword.padEnd(KEYWORD_LENGTH);
  if (value.value.length <= width) return (head + value.value).padEnd(CARD_LENGTH);
  let out = "";
  for (let i = 0; i < value.value.length; i += width)
    out += (head + value.value.slice(i, i + width)).padEnd(CARD_LENGTH);
  return out;
}

/** astropy's `_format_long_image`: the string in 67-character pieces ("&" continues), then the comment in 64-character pieces. */
function formatLongString(keyword: string, value: string, comment: string): string {
  const pieces = wordsGroup(value.replaceAll("'", "''"), 67);
  let out = "";
  pieces.forEach((piece, i) => {
    const head = i === 0 ? `${keyword.padEnd(KEYWORD_LENGTH)}= ` : "CONTINUE  ";
    const last = comment === "" && i === pieces.length - 1;
    out += `${head}'${piece}${last ? "" : "&"}'`.padEnd(CARD_LENGTH);
  });
  if (comment !== "") {
    const words = wordsGroup(comment, 64);
    words.forEach((word, i) => {
      out += `${i === words.length - 1 ? "CONTINUE  '' / " : "CONTINUE  '&' / "}${word}`.padEnd(CARD_LENGTH);
    });
  }
  return out;
}

/** astropy's `_words_group`: split text into pieces of at most `width` characters, at blanks where possible. */
export function wordsGroup(text: string, width: number): string[] {
  const blanks: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === " ") blanks.push(i);
  blanks.push(text.length);
  const words: string[] = [];
  let offset = 0;
  let xoffset = 0;
  for (;;) {
    let loc = blanks.findIndex((b) => b >= width + offset);
    if (loc < 0) loc = blanks.length;
    offset = loc > 0 ? (blanks[loc - 1] as number) + 1 : -1;
    if (offset <= xoffset) offset = Math.min(xoffset + width, text.length);
    words.push(text.slice(xoffset, offset));
    if (offset >= text.length) break;
    xoffset = offset;
  }
  return words;
}
