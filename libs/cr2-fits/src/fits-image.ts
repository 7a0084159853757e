import { type Card, formatHeader, integer, logical } from "@panoptes/fits";

/** BITPIX of the products: 16 (uint16 through BZERO 32768) for the mosaic, -32 (IEEE float32) for planes. */
export type ProductBitpix = 16 | -32;

/** A FITS file allocated in one buffer: the header is written, the data area is zero and awaits its rows. */
export interface FitsImageBuffer {
  bytes: Uint8Array;
  view: DataView;
  /** byte offset of the first pixel (the header's length) */
  dataOffset: number;
  width: number;
  height: number;
  bitpix: ProductBitpix;
}

/**
 * Allocates a primary-HDU FITS image of `width` × `height` (NAXIS1 × NAXIS2) with the same structural cards as
 * `@panoptes/fits` writeImage (SIMPLE, BITPIX, NAXIS, NAXISn, EXTEND, and BSCALE 1 / BZERO 32768 for uint16),
 * then `cards`, END, and a zeroed data area padded to 2880 bytes. Rows are then written one by one with
 * `writeRow`, so a product never exists twice in memory (pixel array plus encoded copy).
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
  const dataBytes = width * height * (bitpix === 16 ? 2 : 4);
  const bytes = new Uint8Array(header.length + Math.ceil(dataBytes / 2880) * 2880);
  bytes.set(header, 0);
  return {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    dataOffset: header.length,
    width,
    height,
    bitpix,
  };
}

/**
 * Writes one image row (FITS row index `fitsRow`, 0 = first stored row) big-endian: uint16 values through the
 * BZERO 32768 offset for BITPIX 16, float32 for BITPIX -32.
 */
export function writeRow(image: FitsImageBuffer, fitsRow: number, values: ArrayLike<number>, from = 0): void {
  const { view, width, bitpix } = image;
  if (bitpix === 16) {
    let o = image.dataOffset + fitsRow * width * 2;
    for (let x = 0; x < width; x++, o += 2)
      view.setUint16(o, ((values[from + x] as number) ^ 0x8000) & 0xffff);
  } else {
    let o = image.dataOffset + fitsRow * width * 4;
    for (let x = 0; x < width; x++, o += 4) view.setFloat32(o, values[from + x] as number);
  }
}
