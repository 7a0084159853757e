import type { Card } from "./card-parse";
import type { CardValue } from "./value";

/** A card's value as scripts/reference/astropy-cards.py writes it: int beyond 2^53 and non-finite float as strings, complex as [re, im], undefined as null. */
export type AstropyJsonValue = boolean | number | string | [number, number] | null;

/** One card in the astropy-cards.py JSON format. */
export interface AstropyJsonCard {
  keyword: string;
  value: AstropyJsonValue;
  comment: string;
}

const TWO_53 = 2n ** 53n;

/** A card value as scripts/reference/astropy-cards.py gives it (JSON-ready). */
export function astropyJsonValue(value: CardValue): AstropyJsonValue {
  switch (value.type) {
    case "logical":
    case "string":
      return value.value;
    case "integer":
      return value.value <= TWO_53 && value.value >= -TWO_53 ? Number(value.value) : value.value.toString();
    case "float":
      return Number.isFinite(value.value) ? value.value : pyFloatStr(value.value);
    case "complex":
      return [value.re, value.im];
    case "undefined":
      return null;
  }
}

/** `{"cards":[{keyword, value, comment}]}` exactly as scripts/reference/astropy-cards.py builds its `cards` list. */
export function cardsToAstropyJson(cards: readonly Card[]): { cards: AstropyJsonCard[] } {
  return {
    cards: cards.map((card) => ({
      keyword: card.keyword,
      value: astropyJsonValue(card.value),
      comment: card.comment,
    })),
  };
}

/**
 * The text astropy-cards.py prints (`json.dump(..., indent=1)` and a newline) for `{file, ext, cards}`,
 * byte for byte: Python float repr (`1.0`, `1e-05`), ASCII-only escapes. For `panoptes header --json`.
 */
export function astropyJsonText(doc: { file: string; ext: number; cards: readonly Card[] }): string {
  const lines = ["{", ` "file": ${pyJsonString(doc.file)},`, ` "ext": ${doc.ext},`];
  if (doc.cards.length === 0) {
    lines.push(' "cards": []');
  } else {
    lines.push(' "cards": [');
    doc.cards.forEach((card, i) => {
      lines.push("  {", `   "keyword": ${pyJsonString(card.keyword)},`);
      const value = pyJsonValue(card.value);
      lines.push(`   "value": ${value},`, `   "comment": ${pyJsonString(card.comment)}`);
      lines.push(i === doc.cards.length - 1 ? "  }" : "  },");
    });
    lines.push(" ]");
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

function pyJsonValue(value: CardValue): string {
  switch (value.type) {
    case "logical":
      return value.value ? "true" : "false";
    case "string":
      return pyJsonString(value.value);
    case "integer":
      return value.value <= TWO_53 && value.value >= -TWO_53 ? value.value.toString() : `"${value.value}"`;
    case "float":
      return Number.isFinite(value.value) ? pyFloatRepr(value.value) : `"${pyFloatStr(value.value)}"`;
    case "complex":
      return `[\n    ${pyFloatJson(value.re)},\n    ${pyFloatJson(value.im)}\n   ]`;
    case "undefined":
      return "null";
  }
}

function pyFloatJson(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  return pyFloatRepr(value);
}

function pyFloatStr(value: number): string {
  return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
}

/** Python's `repr(float)`: shortest round-trip digits, fixed notation for exponents -4..15, else `1.5e-07` style. */
export function pyFloatRepr(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = value.toExponential().split("e") as [string, string];
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const exp = Number(expText);
  let text: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1);
      text = `${whole}.${frac === "" ? "0" : frac}`;
    } else {
      text = `0.${"0".repeat(-exp - 1)}${digits}`;
    }
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    text = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return negative ? `-${text}` : text;
}

/** Python `json.dumps(str)` with ensure_ascii: `\"`, `\\`, `\n`-style escapes, other non-printable or non-ASCII as `\u00xx`. */
export function pyJsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else if (code > 0xffff) {
      const v = code - 0x10000;
      out += `\\u${(0xd800 + (v >> 10)).toString(16)}\\u${(0xdc00 + (v & 0x3ff)).toString(16)}`;
    } else out += `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return out + '"';
}

/**
 * `{KEY: value}` for the get-fits-header service's `header` field: one entry per keyword, the last card
 * winning for repeated keywords; COMMENT and HISTORY texts are joined with "\n" (their cards in order);
 * blank-keyword cards are skipped. Values as astropyJsonValue (JSON-ready).
 */
export function headerToMap(cards: readonly Card[]): Record<string, AstropyJsonValue> {
  // A Map, then Object.fromEntries: any keyword (even "__proto__") becomes an own property.
  const map = new Map<string, AstropyJsonValue>();
  const commentary = new Map<string, string[]>();
  for (const card of cards) {
    if (card.keyword === "") continue;
    if (card.keyword === "COMMENT" || card.keyword === "HISTORY") {
      const texts = commentary.get(card.keyword) ?? [];
      texts.push(card.value.type === "string" ? card.value.value : "");
      commentary.set(card.keyword, texts);
      continue;
    }
    map.set(card.keyword, astropyJsonValue(card.value));
  }
  for (const [keyword, texts] of commentary) map.set(keyword, texts.join("\n"));
  return Object.fromEntries(map);
}
