import { readCr2Structure, Cr2Tag } from "./cr2-file";
import { RawDataMissingError } from "./errors";
import { checkPlausibleSize, decodeLjpegScan, parseLjpegHeader } from "./ljpeg-decode";
import { SliceWriter, type Cr2Slices } from "./slices";

/** Where the raw lossless-JPEG strip of a CR2 is, and its slice layout. */
export interface RawStripLocation {
  /** Absolute byte offset of the strip (StripOffsets of the raw IFD). */
  offset: number;
  /** Declared length in bytes (StripByteCounts). */
  length: number;
  slices: Cr2Slices;
}

/** A decoded CR2 raw mosaic: raw sensor values (no scaling, no black subtraction), row-major, borders included. */
export interface RawImage {
  /** Columns of the full raw frame, masked borders included. */
  width: number;
  /** Rows of the full raw frame. */
  height: number;
  /** Sample precision in bits (12 or 14 for Canon). */
  bits: number;
  /** Lossless JPEG components per line (2 or 4 for Canon). */
  components: number;
  /** Lossless JPEG predictor (1 for Canon). */
  predictor: number;
  slices: Cr2Slices;
  /** `data[row * width + col]`, length width × height. */
  data: Uint16Array;
}

/**
 * Finds the raw strip of a CR2 and checks that the file holds all of it; throws RawDataMissingError naming
 * what is missing otherwise.
 */
export function locateRawStrip(bytes: Uint8Array): RawStripLocation {
  const { tiff, rawIfd } = readCr2Structure(bytes);
  if (!rawIfd)
    throw new RawDataMissingError("the file has no raw image IFD (no CR2 IFD3, no IFD with compression 6)");
  const offE = rawIfd.entries.get(Cr2Tag.StripOffsets);
  const lenE = rawIfd.entries.get(Cr2Tag.StripByteCounts);
  if (!offE || !lenE) {
    throw new RawDataMissingError(
      `the raw IFD at offset ${rawIfd.offset} lacks ${offE ? "" : "StripOffsets (0x0111) "}${lenE ? "" : "StripByteCounts (0x0117)"}`.trim(),
    );
  }
  const offset = tiff.numbers(offE)[0] ?? 0;
  const length = tiff.numbers(lenE)[0] ?? 0;
  if (length <= 0)
    throw new RawDataMissingError(
      `the raw strip at offset ${offset} has a declared length of ${length} bytes`,
    );
  if (offset + length > bytes.length) {
    throw new RawDataMissingError(
      `raw strip at offset ${offset} needs ${length} bytes, file has ${bytes.length} (${Math.max(0, bytes.length - offset)} available after the offset): the file is truncated`,
    );
  }
  const sliceE = rawIfd.entries.get(Cr2Tag.Cr2Slices);
  let slices: Cr2Slices = null;
  if (sliceE) {
    const v = tiff.numbers(sliceE);
    if (v.length >= 3 && (v[0] ?? 0) > 0) slices = [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0];
  }
  return { offset, length, slices };
}

/**
 * Decodes the raw mosaic of a CR2, equal pixel for pixel to `dcraw -D -4 -t 0` before dcraw crops the masked
 * borders (dcraw crops them only for the raw sizes in its camera table). Frame size rule (as dcraw): raw width
 * = X × components and height = Y, except that a frame wider than 4× its height is read as half as wide and
 * twice as tall.
 */
export function decodeRaw(bytes: Uint8Array): RawImage {
  const strip = locateRawStrip(bytes);
  const end = strip.offset + strip.length;
  const header = parseLjpegHeader(bytes, strip.offset, end);
  checkPlausibleSize(header, end);
  let width = header.width * header.components;
  let height = header.height;
  if (width > 4 * height) {
    width /= 2;
    height *= 2;
  }
  const data = new Uint16Array(width * height);
  const writer = new SliceWriter(data, width, height, strip.slices);
  decodeLjpegScan(bytes, header, end, (row) => writer.write(row));
  return {
    width,
    height,
    bits: header.bits,
    components: header.components,
    predictor: header.predictor,
    slices: strip.slices,
    data,
  };
}
