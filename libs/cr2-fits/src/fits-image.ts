import os from "node:os";
import { type Card, formatHeader, integer, logical } from "@panoptes/fits";

/** BITPIX of the products: 16 (uint16 through BZERO 32768) for the mosaic, -32 (IEEE float32) for planes. */
export type ProductBitpix = 16 | -32;

/**
 * A FITS file allocated in one buffer: the header is written; `data` is a native-endian view of the data area
 * (2880-byte aligned, so typed arrays fit) that rows are written into, then `finishImage` turns it big-endian.
 */
export interface FitsImageBuffer {
  bytes: Uint8Array;
  /** byte offset of the first pixel (the header's length, a multiple of 2880) */
  dataOffset: number;
  width: number;
  height: number;
  bitpix: ProductBitpix;
  /** the pixels in host byte order: stored uint16 values (value XOR 0x8000) for BITPIX 16, float32 for -32 */
  data: Uint16Array | Float32Array;
  /** whether finishImage has converted the data to big-endian */
  finished: boolean;
}

/**
 * Allocates a primary-HDU FITS image of `width` × `height` (NAXIS1 × NAXIS2) with the same structural cards as
 * `@panoptes/fits` writeImage (SIMPLE, BITPIX, NAXIS, NAXISn, EXTEND, and BSCALE 1 / BZERO 32768 for uint16),
 * then `cards`, END, and a zeroed data area padded to 2880 bytes. Rows are written with `writeRow`, then
 * `finishImage` gives the file: a product never exists twice in memory (pixel array plus encoded copy).
 */
export function allocateFitsImage(
  width: number,
  height: number,
  bitpix: ProductBitpix,
  cards: readonly Card[],
): FitsImageBuffer {
  const structural: Card[] = [
    { keyword: "SIMPLE", value: logical(true), comment: "conforms to FITS standard" },
    { keyword: "BITPIX", value: integer(bitpix), comment: "array data type" },
    { keyword: "NAXIS", value: integer(2), comment: "number of array dimensions" },
    { keyword: "NAXIS1", value: integer(width), comment: "" },
    { keyword: "NAXIS2", value: integer(height), comment: "" },
    { keyword: "EXTEND", value: logical(true), comment: "" },
  ];
  if (bitpix === 16) {
    structural.push(
      { keyword: "BSCALE", value: integer(1), comment: "" },
      { keyword: "BZERO", value: integer(32768), comment: "" },
    );
  }
  const header = formatHeader([...structural, ...cards]);
  const count = width * height;
  const dataBytes = count * (bitpix === 16 ? 2 : 4);
  const bytes = new Uint8Array(header.length + Math.ceil(dataBytes / 2880) * 2880);
  bytes.set(header, 0);
  const data =
    bitpix === 16
      ? new Uint16Array(bytes.buffer, bytes.byteOffset + header.length, count)
      : new Float32Array(bytes.buffer, bytes.byteOffset + header.length, count);
  return { bytes, dataOffset: header.length, width, height, bitpix, data, finished: false };
}

/**
 * Writes one image row (FITS row index `fitsRow`, 0 = first stored row) from `values[from .. from + width)`:
 * uint16 values (stored with the BZERO 32768 offset) for BITPIX 16, float32 for BITPIX -32.
 */
export function writeRow(image: FitsImageBuffer, fitsRow: number, values: ArrayLike<number>, from = 0): void {
  const { width, data } = image;
  const o = fitsRow * width;
  if (image.bitpix === 16) {
    for (let x = 0; x < width; x++) data[o + x] = (values[from + x] as number) ^ 0x8000;
  } else if (values instanceof Float32Array) {
    data.set(values.subarray(from, from + width), o);
  } else {
    for (let x = 0; x < width; x++) data[o + x] = values[from + x] as number;
  }
}

/** Converts the data area to big-endian (once; Node's native byte swap) and returns the FITS file's bytes. */
export function finishImage(image: FitsImageBuffer): Uint8Array {
  if (!image.finished && os.endianness() === "LE") {
    const area = Buffer.from(
      image.bytes.buffer,
      image.bytes.byteOffset + image.dataOffset,
      image.data.byteLength,
    );
    if (image.bitpix === 16) area.swap16();
    else area.swap32();
  }
  image.finished = true;
  return image.bytes;
}
