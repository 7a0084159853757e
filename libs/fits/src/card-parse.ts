import * as constants from "./constants";
import { COMMENTARY_KEYWORDS, SPECIAL_KEYWORDS } from "./constants";
import type { Finding } from "./finding";
import {
  type CardValue,
  complex,
  float,
  parseNumber,
  pyLstrip,
  pyRstrip,
  pyStrip,
  string,
  UNDEFINED_VALUE,
} from "./value";

/** One header card: keyword (upper case; HIERARCH names without the prefix), value and comment. */
export interface Card {
  readonly keyword: string;
  readonly value: CardValue;
  readonly comment: string;
}

// The regular expressions are astropy 5.2's (astropy/io/fits/card.py), translated to JavaScript so that
// values and comments come out exactly as astropy's Header.cards yields them. Python's `$` is `(?=\n?$)`
// and its `.` is `[^\n]`.
const END = String.raw`(?=\n?$)`;
const DIGITS_FSC = String.raw`(\.\d+|\d+(\.\d*)?)([DE][+-]?\d+)?`;
const DIGITS_NFSC = String.raw`(\.\d+|\d+(\.\d*)?) *([deDE] *[+-]? *\d+)?`;
const NUMR_FSC = String.raw`[+-]?` + DIGITS_FSC;
const NUMR_NFSC = String.raw`[+-]? *` + DIGITS_NFSC;
const NUMBER_NFSC_RE = new RegExp(String.raw`^(?<sign>[+-])? *0*?(?<digt>${DIGITS_NFSC})`);
const STRG = String.raw`'(?<strg>([ -~]+?|''|) *?)'(?=$|/| )`;
const COMM_FIELD = String.raw`(?<comm_field>(?<sepr>/ *)(?<comm>[\s\S]*))`;
const STRG_COMMENT_RE = new RegExp(String.raw`^(${STRG})? *${COMM_FIELD}?`);
const VALUE_NFSC_RE = new RegExp(
  String.raw`^(?<valu_field> *(?<valu>${STRG}|(?<bool>[FT])|(?<numr>${NUMR_NFSC})|(?<cplx>\( *(?<real>${NUMR_NFSC}) *, *(?<imag>${NUMR_NFSC}) *\)))? *)${COMM_FIELD}?${END}`,
);
const RVKC_IDENTIFIER = String.raw`[a-zA-Z_]\w*`;
const RVKC_FIELD = RVKC_IDENTIFIER + String.raw`(\.\d+)?`;
const RVKC_FIELD_SPEC = String.raw`${RVKC_FIELD}(\.${RVKC_FIELD})*`;
const RVKC_VAL_COMM_RE = new RegExp(
  String.raw`^ *'(?<rawval>(?<keyword>${RVKC_FIELD_SPEC}): +(?<val>${NUMR_FSC}))' *(/ *(?<comm>[ -~]*))?${END}`,
);
const KEYWORD_FSC_RE = /^[A-Z0-9_-]{0,8}$/;
const ASCII_TEXT_RE = /^[ -~]*$/;
// A lenient fallback for string values astropy refuses (e.g. latin-1 letters inside the quotes).
const LENIENT_STRING_RE = /^'((?:[^']|'')*)'\s*(?:\/(.*))?$/s;

// Module-local aliases: imported bindings are getters once compiled to CommonJS (jest, tsx), and these
// are used for every card.
const CARD_LENGTH = constants.CARD_LENGTH;
const KEYWORD_LENGTH = constants.KEYWORD_LENGTH;
const COMMENTARY = COMMENTARY_KEYWORDS;
const SPECIAL = SPECIAL_KEYWORDS;
const rstrip = pyRstrip;
const strip = pyStrip;
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

type KeywordKind = "special" | "hierarch" | "standard" | "rvkc" | "invalid";

interface ParsedKeyword {
  keyword: string;
  kind: KeywordKind;
  rvkcValue?: number;
}

/** Result of parsing one card image (80 characters, or more when CONTINUE cards were joined to it). */
export interface ParsedCard {
  readonly card: Card;
  readonly findings: readonly Finding[];
}

/** Is this card image the END card (astropy's rule: `END` followed by anything but a keyword character)? */
export function isEndCard(image: string): boolean {
  return image.startsWith("END") && (image.length === 3 || !/[A-Z0-9_-]/.test(image[3] as string));
}

/**
 * Parse one card image leniently, exactly as astropy reads it: `image` is 80 characters (latin-1
 * decoded), or a multiple of 80 when CONTINUE cards follow it. `knownPrintable` lets a caller that has
 * already checked the whole header for printable ASCII skip the per-card check. A card astropy cannot parse is kept
 * with its text as a string value and reported as a finding.
 */
export function parseCardImage(image: string, knownPrintable = false): ParsedCard {
  if (image.length === CARD_LENGTH && (knownPrintable || ASCII_TEXT_RE.test(image))) {
    const card = fastCard(image);
    if (card !== null) return { card, findings: NO_FINDINGS };
  }
  const key = parseKeyword(image);
  const keyword = key.keyword;
  const findings: Finding[] = [];
  if (!ASCII_TEXT_RE.test(image)) {
    findings.push({
      code: "NON_ASCII_TEXT",
      keyword,
      message: `card ${keyword} contains bytes outside printable ASCII`,
    });
  }
  if (key.kind === "invalid") {
    findings.push({
      code: "INVALID_KEYWORD",
      keyword,
      message: `card ${JSON.stringify(image.slice(0, CARD_LENGTH).trimEnd())} has no value indicator "= " in columns 9-10 and no commentary keyword; kept as text`,
    });
    return { card: { keyword, value: string(rstrip(image.slice(KEYWORD_LENGTH))), comment: "" }, findings };
  }
  if (COMMENTARY.has(keyword.toUpperCase())) {
    return { card: { keyword, value: string(rstrip(image.slice(KEYWORD_LENGTH))), comment: "" }, findings };
  }
  if (image.length > CARD_LENGTH) {
    const joined = joinContinue(image);
    if (joined === null) {
      findings.push({
        code: "CONTINUE_WITHOUT_STRING",
        keyword,
        message: `CONTINUE card(s) follow ${keyword}, whose value is not a string; they cannot be joined`,
      });
      return { card: parseCardImage(image.slice(0, CARD_LENGTH)).card, findings };
    }
    return { card: valueAndComment(keyword, joined, findings), findings };
  }
  if (key.kind === "rvkc") {
    const comment = parseComment(split(image, key)[1]);
    return { card: { keyword, value: float(key.rvkcValue as number), comment }, findings };
  }
  return { card: valueAndComment(keyword, split(image, key)[1], findings), findings };
}

// Fast paths for the most common cards of printable ASCII (where Python's strip is a strip of blanks):
// COMMENT/HISTORY/blank-keyword text, and standard keywords with "= " in columns 9-10 holding a plain
// integer, float, logical or a string without quotes inside. Each gives exactly what the general path
// (astropy's VALUE_NFSC_RE) gives; anything else returns null and takes the general path.
const FAST_KEYWORD_RE = /^[A-Z0-9_-]+$/;
const FAST_NUMBER_RE = /^ *([+-]?)(\d+(\.\d*)?|\.\d+)(?:([eEdD])([+-]?\d+))? *(?:\/ *(.*))?$/;
const FAST_STRING_RE = /^ *'([ -&(-~]*)' *(?:\/ *(.*))?$/;
const FAST_LOGICAL_RE = /^ *([TF]) *(?:\/ *(.*))?$/;

function fastCard(image: string): Card | null {
  const commentary = image.startsWith("COMMENT ")
    ? "COMMENT"
    : image.startsWith("HISTORY ")
      ? "HISTORY"
      : image.startsWith("        ")
        ? ""
        : undefined;
  if (commentary !== undefined) {
    return {
      keyword: commentary,
      value: { type: "string", value: image.slice(8).trimEnd() },
      comment: "",
    };
  }
  if (image.charCodeAt(8) !== 61 /* = */ || image.charCodeAt(9) !== 32) return null;
  const keyword = image.slice(0, 8).trimEnd();
  if (!FAST_KEYWORD_RE.test(keyword) || SPECIAL.has(keyword)) return null;
  const rest = image.slice(10);
  const first = rest.trimStart().charCodeAt(0);
  let m: RegExpExecArray | null;
  if (first === 39 /* ' */) {
    if (rest.indexOf(": ") >= 0) return null; // maybe a record-valued keyword card
    m = FAST_STRING_RE.exec(rest);
    if (m === null) return null;
    return {
      keyword,
      value: { type: "string", value: (m[1] as string).trimEnd() },
      comment: m[2] ? m[2].trimEnd() : "",
    };
  }
  if (first === 84 /* T */ || first === 70 /* F */) {
    m = FAST_LOGICAL_RE.exec(rest);
    if (m === null) return null;
    return { keyword, value: { type: "logical", value: m[1] === "T" }, comment: m[2] ? m[2].trimEnd() : "" };
  }
  m = FAST_NUMBER_RE.exec(rest);
  if (m === null) return null;
  const comment = m[6] ? m[6].trimEnd() : "";
  if (m[3] === undefined && m[4] === undefined && !(m[2] as string).startsWith(".")) {
    const text = (m[1] as string) + (m[2] as string);
    // BigInt of a short decimal is faster through an (exact) Number than from the string.
    const value = (m[2] as string).length <= 15 ? BigInt(Number(text)) : BigInt(text);
    return { keyword, value: { type: "integer", value }, comment };
  }
  const text = `${m[1]}${m[2]}${m[4] === undefined ? "" : `e${m[5]}`}`;
  return { keyword, value: { type: "float", value: Number(text) }, comment };
}

/** Split a card image made of a card and its CONTINUE cards into the CONTINUE-joined value text, or null when it cannot be joined. */
function joinContinue(image: string): string | null {
  const values: string[] = [];
  const comments: string[] = [];
  for (let offset = 0; offset < image.length; offset += CARD_LENGTH) {
    const sub = image.slice(offset, offset + CARD_LENGTH);
    const subKey = parseKeyword(sub);
    if (offset > 0 && !SPECIAL.has(subKey.keyword.toUpperCase())) return null;
    const subValue = parseCardImage(sub).card.value;
    if (subValue.type !== "string" || subKey.kind === "invalid") return null;
    const valuecomment = split(sub, subKey)[1];
    const m = STRG_COMMENT_RE.exec(valuecomment);
    let value = rstrip(m?.groups?.strg ?? "").replaceAll("''", "'");
    if (value.endsWith("&")) value = value.slice(0, -1);
    values.push(value);
    const comment = m?.groups?.comm;
    if (comment) comments.push(rstrip(comment));
  }
  return `'${values.join("")}' / ${comments.join(" ")}`;
}

function valueAndComment(keyword: string, valuecomment: string, findings: Finding[]): Card {
  const m = VALUE_NFSC_RE.exec(valuecomment);
  if (m === null) {
    findings.push({
      code: "UNPARSABLE_VALUE",
      keyword,
      message: `card ${keyword} has a value that is not a FITS string, logical, number or complex: ${JSON.stringify(valuecomment)}`,
    });
    const lenient = LENIENT_STRING_RE.exec(valuecomment);
    if (lenient) {
      return {
        keyword,
        value: string(rstrip((lenient[1] as string).replaceAll("''", "'"))),
        comment: strip(lenient[2] ?? ""),
      };
    }
    const slash = valuecomment.indexOf("/");
    return slash < 0
      ? { keyword, value: string(strip(valuecomment)), comment: "" }
      : {
          keyword,
          value: string(strip(valuecomment.slice(0, slash))),
          comment: strip(valuecomment.slice(slash + 1)),
        };
  }
  const g = m.groups ?? {};
  const comment = g.comm ? rstrip(g.comm) : "";
  return { keyword, value: valueFromGroups(g), comment };
}

function valueFromGroups(g: Record<string, string | undefined>): CardValue {
  if (g.bool !== undefined) return { type: "logical", value: g.bool === "T" };
  if (g.strg !== undefined) return string(rstrip(g.strg.replaceAll("''", "'")));
  if (g.numr !== undefined) return parseNfscNumber(g.numr);
  if (g.cplx !== undefined) {
    const re = parseNfscNumber(g.real as string);
    const im = parseNfscNumber(g.imag as string);
    return complex(numberOf(re), numberOf(im));
  }
  return UNDEFINED_VALUE;
}

function numberOf(value: CardValue): number {
  if (value.type === "integer") return Number(value.value);
  return value.type === "float" ? value.value : NaN;
}

function parseNfscNumber(text: string): CardValue {
  const m = NUMBER_NFSC_RE.exec(text);
  const digt = (m?.groups?.digt ?? text).replace(/[dD ]/g, (c) => (c === " " ? "" : c === "d" ? "e" : "E"));
  return parseNumber((m?.groups?.sign ?? "") + digt);
}

function parseComment(valuecomment: string): string {
  const m = VALUE_NFSC_RE.exec(valuecomment);
  if (m !== null) return m.groups?.comm ? rstrip(m.groups.comm) : "";
  const slash = valuecomment.indexOf("/");
  return slash < 0 ? "" : strip(valuecomment.slice(slash + 1));
}

function parseKeyword(image: string): ParsedKeyword {
  let keyword = strip(image.slice(0, KEYWORD_LENGTH));
  let upper = keyword.toUpperCase();
  if (SPECIAL.has(upper)) return { keyword: upper, kind: "special" };
  if (upper === "HIERARCH" && image[8] === " " && image.includes("=")) {
    return { keyword: strip((image.split("=", 1)[0] as string).slice(9)), kind: "hierarch" };
  }
  const index = image.indexOf("= ");
  if (index >= 0 && index <= KEYWORD_LENGTH) {
    if (index < KEYWORD_LENGTH) {
      keyword = keyword.slice(0, index);
      upper = upper.slice(0, index);
    }
    const rest = pyLstrip(image.slice(index + 2));
    if (rest.startsWith("'") && rest.indexOf(": ") >= 2) {
      const m = RVKC_VAL_COMM_RE.exec(rest);
      if (m?.groups) {
        return {
          keyword: `${keyword.toUpperCase()}.${m.groups.keyword as string}`,
          kind: "rvkc",
          rvkcValue: Number(m.groups.val),
        };
      }
    }
    return { keyword: upper, kind: "standard" };
  }
  return { keyword, kind: "invalid" };
}

function split(image: string, key: ParsedKeyword): [string, string] {
  if (key.kind === "special") {
    const space = image.indexOf(" ");
    return space < 0 ? [strip(image), ""] : [strip(image.slice(0, space)), strip(image.slice(space + 1))];
  }
  const indicator = key.kind === "hierarch" ? "=" : "= ";
  const delim = image.indexOf(indicator);
  if (delim < 0 || (delim > 10 && image.slice(0, 9) !== "HIERARCH ")) {
    return [strip(image.slice(0, KEYWORD_LENGTH)), strip(image.slice(KEYWORD_LENGTH))];
  }
  return [strip(image.slice(0, delim)), strip(image.slice(delim + indicator.length))];
}

/** Is `keyword` a standard FITS keyword (at most 8 of A-Z, 0-9, `_`, `-`)? */
export function isStandardKeyword(keyword: string): boolean {
  return KEYWORD_FSC_RE.test(keyword);
}
