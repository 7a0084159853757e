import type { Card } from "./card-parse";
import { FitsFormatError } from "./errors";
import type { Header } from "./header";
import { integer, type CardValue } from "./value";

/** EXTNAME that fpack/astropy give a compressed HDU by default; dropped from the image header. */
export const DEFAULT_COMPRESSED_EXTNAME = "COMPRESSED_IMAGE";

// astropy 5.2 CompImageHeader: image keywords stored under Z names in the table header.
const KEYWORD_REMAPS: Readonly<Record<string, string>> = {
  SIMPLE: "ZSIMPLE",
  XTENSION: "ZTENSION",
  BITPIX: "ZBITPIX",
  NAXIS: "ZNAXIS",
  EXTEND: "ZEXTEND",
  BLOCKED: "ZBLOCKED",
  PCOUNT: "ZPCOUNT",
  GCOUNT: "ZGCOUNT",
  CHECKSUM: "ZHECKSUM",
  DATASUM: "ZDATASUM",
};
const COMPRESSION_KEYWORDS = new Set([
  ...Object.values(KEYWORD_REMAPS),
  "ZIMAGE",
  "ZCMPTYPE",
  "ZMASKCMP",
  "ZQUANTIZ",
  "ZDITHER0",
]);
const INDEXED_COMPRESSION_KEYWORDS = new Set(["ZNAXIS", "ZTILE", "ZNAME", "ZVAL"]);
const TABLE_KEYWORD_NAMES = new Set([
  "TTYPE",
  "TFORM",
  "TUNIT",
  "TNULL",
  "TSCAL",
  "TZERO",
  "TDISP",
  "TBCOL",
  "TDIM",
  "TCTYP",
  "TCUNI",
  "TCRPX",
  "TCRVL",
  "TCDLT",
  "TRPOS",
]);
const TDEF_RE = /^(?<label>T[A-Z]*)(?<num>[1-9][0-9 ]*)$/;
const ZDEF_RE = /^(?<label>[Zz][a-zA-Z]*)(?<num>[1-9][0-9 ]*$)?/;

/**
 * Is this keyword part of the tiled-image compression convention (astropy's `_is_reserved_keyword`),
 * i.e. dropped from the image header: TFIELDS, TTYPEn/TFORMn/..., ZIMAGE, ZCMPTYPE, ZTILEn, ZNAMEn,
 * ZVALn, ZQUANTIZ, ZDITHER0, ZSIMPLE, ZBITPIX, ZNAXIS(n) and the other Z-remapped keywords.
 */
export function isCompressionKeyword(keyword: string): boolean {
  if (keyword === "TFIELDS") return true;
  const t = TDEF_RE.exec(keyword);
  if (t?.groups && TABLE_KEYWORD_NAMES.has((t.groups.label as string).toUpperCase())) return true;
  const z = ZDEF_RE.exec(keyword);
  if (z?.groups) {
    const label = (z.groups.label as string).toUpperCase();
    if (z.groups.num !== undefined && INDEXED_COMPRESSION_KEYWORDS.has(label)) return true;
    if (COMPRESSION_KEYWORDS.has(label)) return true;
  }
  return false;
}

/** Is this (binary table) header a tile-compressed image: XTENSION BINTABLE and ZIMAGE true? */
export function isCompressedImageHeader(header: Header): boolean {
  const first = header.cards[0];
  if (first?.keyword !== "XTENSION" || first.value.type !== "string") return false;
  const xtension = first.value.value.trimEnd();
  if (xtension !== "BINTABLE" && xtension !== "A3DTABLE") return false;
  const zimage = header.card("ZIMAGE")?.value;
  if (zimage === undefined) return false;
  if (zimage.type === "logical") return zimage.value;
  if (zimage.type === "integer") return zimage.value !== 0n;
  if (zimage.type === "float") return zimage.value !== 0;
  if (zimage.type === "string") return zimage.value !== "";
  return false;
}

/**
 * The image header of a tile-compressed HDU, from its binary-table header, exactly as astropy 5.2's
 * `CompImageHDU.header` builds it (and so as `fits.getheader(file, 1)` returns it): compression
 * bookkeeping removed, ZSIMPLE/ZTENSION/ZBITPIX/ZNAXISn/ZPCOUNT/ZGCOUNT/ZEXTEND/ZBLOCKED/ZHECKSUM/
 * ZDATASUM translated back, in astropy's card order. Throws FitsFormatError when ZBITPIX, ZNAXIS or a
 * ZNAXISn is missing.
 */
export function imageHeaderFromCompressed(tableHeader: Header): Header {
  const table = tableHeader.clone();
  removeUnnecessaryDefaultExtnames(table);
  const image = table.clone();
  const reserved = new Set(
    [...new Set(image.cards.map((card) => card.keyword))].filter(isCompressionKeyword),
  );
  image.removeWhere((card) => reserved.has(card.keyword));
  const z = (keyword: string): Card => {
    const card = table.card(keyword);
    if (card === undefined) {
      throw new FitsFormatError(
        "BAD_STRUCTURE",
        `compressed image header lacks ${keyword}: the tiled-image convention requires it`,
      );
    }
    return card;
  };

  if (table.has("ZSIMPLE")) {
    image.set("SIMPLE", z("ZSIMPLE").value, z("ZSIMPLE").comment, { before: 0 });
    image.remove("XTENSION");
  } else if (table.has("ZTENSION")) {
    image.set("XTENSION", { type: "string", value: "IMAGE" }, z("ZTENSION").comment, { before: 0 });
  } else {
    image.set("XTENSION", { type: "string", value: "IMAGE" }, undefined, { before: 0 });
  }
  image.set("BITPIX", z("ZBITPIX").value, z("ZBITPIX").comment, { before: 1 });
  image.set("NAXIS", z("ZNAXIS").value, z("ZNAXIS").comment, { before: 2 });

  const naxisValue = image.card("NAXIS")?.value;
  const naxis = naxisValue?.type === "integer" ? Number(naxisValue.value) : 0;
  let lastNaxis = "NAXIS";
  for (let i = 1; i <= naxis; i++) {
    const card = z(`ZNAXIS${i}`);
    image.set(`NAXIS${i}`, card.value, card.comment, { after: lastNaxis });
    lastNaxis = `NAXIS${i}`;
  }
  for (const card of [...image.cards]) {
    const keyword = card.keyword;
    if (!/^NAXIS./i.test(keyword)) continue;
    const n = pythonInt(keyword.slice(5));
    if (n !== undefined && n > naxis) image.remove(keyword);
  }
  setFrom(image, table, "PCOUNT", "ZPCOUNT", integer(0), { after: lastNaxis });
  setFrom(image, table, "GCOUNT", "ZGCOUNT", integer(1), { after: "PCOUNT" });
  for (const [keyword, zKeyword] of [
    ["EXTEND", "ZEXTEND"],
    ["BLOCKED", "ZBLOCKED"],
    ["CHECKSUM", "ZHECKSUM"],
    ["DATASUM", "ZDATASUM"],
  ] as const) {
    const card = table.card(zKeyword);
    if (card !== undefined) image.set(keyword, card.value, card.comment);
  }
  const extname = image.card("EXTNAME")?.value;
  if (extname?.type === "string" && extname.value === DEFAULT_COMPRESSED_EXTNAME) image.remove("EXTNAME");
  if (image.has("SIMPLE")) {
    image.remove("PCOUNT");
    image.remove("GCOUNT");
  }
  const missingBlanks = table.countTrailingBlanks() - image.countTrailingBlanks();
  for (let i = 0; i < missingBlanks; i++) {
    image.append({ keyword: "", value: { type: "string", value: "" }, comment: "" }, { end: true });
  }
  return image;
}

function setFrom(
  image: Header,
  table: Header,
  keyword: string,
  zKeyword: string,
  fallback: CardValue,
  placement: { after: string },
): void {
  const card = table.card(zKeyword);
  if (card !== undefined) image.set(keyword, card.value, card.comment, placement);
  else image.set(keyword, fallback, undefined, placement);
}

function removeUnnecessaryDefaultExtnames(header: Header): void {
  const indices: number[] = [];
  for (let i = header.indexOf("EXTNAME"); i >= 0; i = header.indexOf("EXTNAME", i + 1)) indices.push(i);
  if (indices.length <= 1) return;
  const defaults = indices.filter((i) => {
    const value = (header.cards[i] as Card).value;
    return value.type === "string" && value.value === DEFAULT_COMPRESSED_EXTNAME;
  });
  if (defaults.length === indices.length) defaults.shift();
  for (const i of defaults.reverse()) header.removeAt(i);
}

// Python int() of a keyword suffix: optional sign and digits, surrounding whitespace allowed.
function pythonInt(text: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : undefined;
}
