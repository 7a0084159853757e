import { encodeBigEndian, type RawPixels } from "./big-endian";
import { BLOCK_SIZE, CARD_LENGTH } from "./constants";
import type { Card } from "./card-parse";
import { formatCard } from "./card-format";
import { FitsWriteError } from "./errors";
import { Header, normalizeKeyword } from "./header";
import { float, integer, logical } from "./value";

/** Pixel arrays writeImage accepts; Uint16Array is written as BITPIX 16 with BZERO 32768 (the FITS unsigned convention). */
export type WritablePixels = Uint8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/**
 * Format a header as FITS bytes: every card strictly formatted (see formatCard), then END, padded with
 * blanks to a multiple of 2880 bytes.
 */
export function formatHeader(cards: Header | readonly Card[]): Uint8Array {
  const list = cards instanceof Header ? cards.cards : cards;
  let text = "";
  for (const card of list) text += formatCard(card);
  text += "END".padEnd(CARD_LENGTH);
  const bytes = new Uint8Array(Math.ceil(text.length / BLOCK_SIZE) * BLOCK_SIZE).fill(0x20);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

// Structural keywords the writer derives from the pixel array; the same keywords in the caller's header are dropped.
const STRUCTURAL = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|BSCALE|BZERO|END)$/;

/**
 * Write a primary image HDU: SIMPLE, BITPIX, NAXIS, NAXISn, EXTEND (and BSCALE 1 / BZERO 32768 for a
 * Uint16Array), then the caller's cards (their structural keywords dropped), END, and the big-endian
 * pixels padded with zeros to 2880 bytes. `axes` is NAXIS1..NAXISn (NAXIS1 fastest); their product
 * must equal the pixel count. Readable by astropy with identical values.
 */
export function writeImage(options: {
  pixels: WritablePixels;
  axes: readonly number[];
  header?: Header | readonly Card[];
}): Uint8Array {
  const { pixels, axes } = options;
  const count = axes.reduce((a, b) => a * b, axes.length > 0 ? 1 : 0);
  if (axes.some((n) => !Number.isInteger(n) || n < 0) || count !== pixels.length) {
    throw new FitsWriteError(
      "INVALID_IMAGE",
      `axes ${JSON.stringify(axes)} describe ${count} pixels, but the array holds ${pixels.length}`,
    );
  }
  const { bitpix, stored } = storedPixels(pixels);
  const cards: Card[] = [
    { keyword: "SIMPLE", value: logical(true), comment: "conforms to FITS standard" },
    { keyword: "BITPIX", value: integer(bitpix), comment: "array data type" },
    { keyword: "NAXIS", value: integer(axes.length), comment: "number of array dimensions" },
    ...axes.map((n, i) => ({ keyword: `NAXIS${i + 1}`, value: integer(n), comment: "" })),
    { keyword: "EXTEND", value: logical(true), comment: "" },
  ];
  if (pixels instanceof Uint16Array) {
    cards.push(
      { keyword: "BSCALE", value: integer(1), comment: "" },
      { keyword: "BZERO", value: integer(32768), comment: "" },
    );
  }
  const user = options.header instanceof Header ? options.header.cards : (options.header ?? []);
  for (const card of user) if (!STRUCTURAL.test(normalizeKeyword(card.keyword))) cards.push(card);
  const header = formatHeader(cards);
  const data = encodeBigEndian(stored);
  const out = new Uint8Array(header.length + Math.ceil(data.length / BLOCK_SIZE) * BLOCK_SIZE);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

function storedPixels(pixels: WritablePixels): { bitpix: number; stored: RawPixels } {
  if (pixels instanceof Uint16Array) {
    const stored = new Int16Array(pixels.length);
    for (let i = 0; i < pixels.length; i++) stored[i] = (pixels[i] as number) ^ 0x8000;
    return { bitpix: 16, stored };
  }
  if (pixels instanceof Uint8Array) return { bitpix: 8, stored: pixels };
  if (pixels instanceof Int16Array) return { bitpix: 16, stored: pixels };
  if (pixels instanceof Int32Array) return { bitpix: 32, stored: pixels };
  if (pixels instanceof Float32Array) return { bitpix: -32, stored: pixels };
  return { bitpix: -64, stored: pixels };
}

/** A float value card helper: `floatCard("EXPTIME", 120.0)` keeps the value a float (written `120.0`). */
export function floatCard(keyword: string, value: number, comment = ""): Card {
  return { keyword, value: float(value), comment };
}
