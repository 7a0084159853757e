import * as fs from "node:fs";
import * as path from "node:path";
import {
  bufferByteSource,
  countingByteSource,
  readHeader,
  readImage,
  type ByteSource,
  type ReadImageOptions,
} from "@panoptes/fits";

const pad = (text: string): string => text.padEnd(80);

/** Header text from card strings, END appended unless `end` is false, padded to whole blocks. */
function headerBytes(cards: string[], end = true): Uint8Array {
  const text = [...cards, ...(end ? ["END"] : [])].map(pad).join("");
  const bytes = new Uint8Array(Math.ceil(text.length / 2880) * 2880).fill(0x20);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const primary = (...extra: string[]): string[] => [
  "SIMPLE  =                    T",
  "BITPIX  =                   16",
  ...extra,
];
const image2d = primary(
  "NAXIS   =                    2",
  "NAXIS1  =                   10",
  "NAXIS2  =                   10",
);
const validFile = concat(headerBytes(image2d), new Uint8Array(2880));

/** A source that does not know its size, so the reader must detect the end of the file from short reads. */
function unsized(bytes: Uint8Array): ByteSource {
  return {
    read: async (start, end) => bytes.subarray(Math.min(start, bytes.length), Math.min(end, bytes.length)),
  };
}

type Case = [
  name: string,
  bytes: Uint8Array,
  options: ReadImageOptions,
  action: "header" | "image",
  errorName: string,
  code: string,
];

const CASES: Case[] = [
  ["an empty file", new Uint8Array(0), {}, "header", "FitsFormatError", "EMPTY_FILE"],
  [
    "a text file",
    new TextEncoder().encode("hello, this is not FITS\n".repeat(200)),
    {},
    "header",
    "FitsFormatError",
    "NOT_FITS",
  ],
  [
    "binary noise",
    Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251),
    {},
    "header",
    "FitsFormatError",
    "NOT_FITS",
  ],
  [
    "a header cut inside its first block",
    headerBytes(image2d).subarray(0, 300),
    {},
    "header",
    "FitsFormatError",
    "TRUNCATED_HEADER",
  ],
  [
    "a header cut at a block boundary without END",
    headerBytes(primary(...Array(40).fill("COMMENT x")), false),
    {},
    "header",
    "FitsFormatError",
    "NO_END_CARD",
  ],
  [
    "no END within maxHeaderBytes",
    headerBytes(primary(...Array(400).fill("COMMENT x")), false),
    { maxHeaderBytes: 5 * 2880 },
    "header",
    "FitsLimitError",
    "HEADER_TOO_LARGE",
  ],
  [
    "a negative NAXIS",
    headerBytes(primary("NAXIS   =                   -1")),
    {},
    "image",
    "FitsFormatError",
    "BAD_STRUCTURE",
  ],
  [
    "a NAXIS that is a string",
    headerBytes(primary("NAXIS   = 'two'")),
    {},
    "image",
    "FitsFormatError",
    "BAD_STRUCTURE",
  ],
  [
    "a missing NAXIS2",
    headerBytes(primary("NAXIS   =                    2", "NAXIS1  =                   10")),
    {},
    "image",
    "FitsFormatError",
    "BAD_STRUCTURE",
  ],
  [
    "BITPIX 12",
    headerBytes([
      "SIMPLE  =                    T",
      "BITPIX  =                   12",
      "NAXIS   =                    0",
    ]),
    {},
    "image",
    "FitsFormatError",
    "BAD_STRUCTURE",
  ],
  [
    "a declared size beyond 2^53 bytes",
    headerBytes(
      primary(
        "NAXIS   =                    2",
        "NAXIS1  =          99999999999",
        "NAXIS2  =          99999999999",
      ),
    ),
    {},
    "image",
    "FitsLimitError",
    "DATA_TOO_LARGE",
  ],
  [
    "a declared size beyond the data bound",
    headerBytes(
      primary(
        "NAXIS   =                    2",
        "NAXIS1  =               100000",
        "NAXIS2  =               100000",
      ),
    ),
    {},
    "image",
    "FitsLimitError",
    "DATA_TOO_LARGE",
  ],
  [
    "data that ends before its declared size",
    concat(headerBytes(image2d), new Uint8Array(50)),
    {},
    "image",
    "FitsFormatError",
    "TRUNCATED_DATA",
  ],
  ["an HDU past the last one", validFile, { hdu: 1 }, "header", "FitsFormatError", "HDU_NOT_FOUND"],
  [
    "an extension that does not start with XTENSION",
    concat(validFile, headerBytes(primary())),
    { hdu: 1 },
    "header",
    "FitsFormatError",
    "NOT_FITS",
  ],
  [
    "skipping data larger than the file",
    headerBytes(
      primary(
        "NAXIS   =                    2",
        "NAXIS1  =               100000",
        "NAXIS2  =               100000",
      ),
    ),
    { hdu: 1 },
    "header",
    "FitsFormatError",
    "TRUNCATED_DATA",
  ],
  ["a negative HDU index", validFile, { hdu: -1 }, "header", "FitsFormatError", "HDU_NOT_FOUND"],
];

describe.each([
  ["a sized source", bufferByteSource],
  ["a source of unknown size", unsized],
])("malformed input through %s", (_source, makeSource) => {
  it.each(CASES)("fails on %s with a named error", async (_name, bytes, options, action, errorName, code) => {
    const source = makeSource(bytes);
    const run = action === "header" ? readHeader(source, options) : readImage(source, options);
    // The unknown-size source cannot tell "data larger than the file" from "no next HDU".
    const expected =
      code === "TRUNCATED_DATA" && source.size === undefined && action === "header" ? "HDU_NOT_FOUND" : code;
    await expect(run).rejects.toMatchObject({ name: errorName, code: expected });
  });
});

describe("lenient header reading of bad structure", () => {
  it("returns the header with a BAD_STRUCTURE finding when only the header is asked for", async () => {
    const result = await readHeader(bufferByteSource(headerBytes(primary("NAXIS   =                   -1"))));
    expect(result.header.get("NAXIS")).toBe(-1);
    expect(result.findings).toEqual([expect.objectContaining({ code: "BAD_STRUCTURE" })]);
  });

  it("keeps an unparsable card and reports it", async () => {
    const result = await readHeader(
      bufferByteSource(
        headerBytes(primary("NAXIS   =                    0", "BADVAL  = not a value / c", "NOEQUALS  text")),
      ),
    );
    expect(result.header.cards.slice(3)).toEqual([
      { keyword: "BADVAL", value: { type: "string", value: "not a value" }, comment: "c" },
      { keyword: "NOEQUALS", value: { type: "string", value: "  text" }, comment: "" },
    ]);
    expect(result.findings.map((f) => [f.code, f.card])).toEqual([
      ["UNPARSABLE_VALUE", 3],
      ["INVALID_KEYWORD", 4],
    ]);
  });

  it("stops at the maxHeaderBytes bound without reading further", async () => {
    const bytes = headerBytes(primary(...Array(2000).fill("COMMENT x")), false);
    const { source, counts } = countingByteSource(bufferByteSource(bytes));
    await expect(readHeader(source, { maxHeaderBytes: 4 * 2880 })).rejects.toMatchObject({
      code: "HEADER_TOO_LARGE",
    });
    expect(counts.bytes).toBeLessThanOrEqual(4 * 2880);
  });
});

// A guard that the table covers every error code a reader can raise on bad input.
it("covers the reader error codes", () => {
  const codes = new Set(CASES.map((c) => c[5]));
  for (const code of [
    "EMPTY_FILE",
    "NOT_FITS",
    "TRUNCATED_HEADER",
    "NO_END_CARD",
    "HEADER_TOO_LARGE",
    "BAD_STRUCTURE",
    "HDU_NOT_FOUND",
    "TRUNCATED_DATA",
    "DATA_TOO_LARGE",
  ]) {
    expect(codes).toContain(code);
  }
  expect(path.basename(__filename)).toBe("malformed.test.ts");
  expect(fs.existsSync(__filename)).toBe(true);
});
