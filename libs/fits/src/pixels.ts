import { decodeBigEndian, type RawPixels } from "./big-endian";
import type { ByteSource } from "./byte-source";
import { FitsFormatError, FitsLimitError } from "./errors";
import type { Header } from "./header";
import { readHeader, type ReadHeaderOptions, type ReadHeaderResult } from "./hdu-reader";
import type { Bitpix } from "./structure";
import { decompressTiledImage } from "./tile-compressed";

/** Physical pixel values: the stored values with BSCALE/BZERO applied (see physicalPixels). */
export type PhysicalPixels = RawPixels | Uint16Array | Int8Array | Uint32Array | BigUint64Array;

/** An image read from a FITS file. */
export interface FitsImage {
  /** The image header (astropy's view: for a compressed image, the translated header). */
  readonly header: Header;
  readonly hdu: number;
  readonly bitpix: Bitpix;
  /** NAXIS1..NAXISn; pixel (x, y) of a 2-D image is at index y × NAXIS1 + x. */
  readonly axes: readonly number[];
  readonly bscale: number;
  readonly bzero: number;
  /** The stored values (after decompression), BSCALE/BZERO not applied. */
  readonly raw: RawPixels;
}

/** Options of readImage: those of readHeader plus a bound on the data read. */
export interface ReadImageOptions extends ReadHeaderOptions {
  /** Refuse images whose data unit is larger than this many bytes (default 2 GiB). */
  readonly maxDataBytes?: number;
}

const DEFAULT_MAX_DATA_BYTES = 2 ** 31;

/**
 * Read an image HDU's pixels (BITPIX 8, 16, 32, 64, -32, -64; tile-compressed RICE_1, GZIP_1, GZIP_2,
 * NOCOMPRESS). Fetches the header blocks, then the data unit in one request. Use `hdu: "image"` for
 * fpacked files. Throws UnsupportedCompressionError for other algorithms (e.g. HCOMPRESS_1).
 */
export async function readImage(source: ByteSource, options: ReadImageOptions = {}): Promise<FitsImage> {
  const result = await readHeader(source, options);
  return readImageData(source, result, options.maxDataBytes);
}

/** Read the pixels of an HDU whose header was already read with readHeader. */
export async function readImageData(
  source: ByteSource,
  result: ReadHeaderResult,
  maxDataBytes = DEFAULT_MAX_DATA_BYTES,
): Promise<FitsImage> {
  const { location, header } = result;
  if (location.structureError) throw location.structureError;
  const dataBytes = location.structure.dataBytes;
  if (dataBytes > maxDataBytes) {
    throw new FitsLimitError(
      "DATA_TOO_LARGE",
      `HDU ${result.hdu} has ${dataBytes} data bytes, more than the ${maxDataBytes}-byte bound`,
    );
  }
  const data =
    dataBytes === 0
      ? new Uint8Array(0)
      : await source.read(location.dataStart, location.dataStart + dataBytes);
  if (data.length < dataBytes) {
    throw new FitsFormatError(
      "TRUNCATED_DATA",
      `HDU ${result.hdu} declares ${dataBytes} data bytes from byte ${location.dataStart}, but only ${data.length} could be read`,
    );
  }
  const bitpix = Number(header.getInteger("BITPIX")) as Bitpix;
  const axes: number[] = [];
  for (let i = 1; i <= Number(header.getInteger("NAXIS") ?? 0n); i++)
    axes.push(Number(header.getInteger(`NAXIS${i}`) ?? 0n));
  const raw = result.compressed
    ? decompressTiledImage(location.storedHeader, data)
    : decodeBigEndian(data, bitpix, axes.length === 0 ? 0 : axes.reduce((a, b) => a * b, 1));
  return {
    header,
    hdu: result.hdu,
    bitpix,
    axes,
    bscale: header.getNumber("BSCALE") ?? 1,
    bzero: header.getNumber("BZERO") ?? 0,
    raw,
  };
}

/**
 * Apply BSCALE/BZERO: unchanged when 1/0; the FITS unsigned conventions give exact integer arrays
 * (BITPIX 16 + BZERO 32768 → Uint16Array, 8 + BZERO -128 → Int8Array, 32 + 2^31 → Uint32Array,
 * 64 + 2^63 → BigUint64Array); any other scaling gives Float32Array (BITPIX 8, 16, -32) or
 * Float64Array (32, 64, -64), as astropy does.
 */
export function physicalPixels(image: FitsImage): PhysicalPixels {
  const { raw, bitpix, bscale, bzero } = image;
  if (bscale === 1 && bzero === 0) return raw;
  if (bscale === 1) {
    if (bitpix === 16 && bzero === 32768) {
      const out = new Uint16Array(raw.length);
      const src = raw as Int16Array;
      for (let i = 0; i < src.length; i++) out[i] = (src[i] as number) ^ 0x8000;
      return out;
    }
    if (bitpix === 8 && bzero === -128) {
      const out = new Int8Array(raw.length);
      const src = raw as Uint8Array;
      for (let i = 0; i < src.length; i++) out[i] = (src[i] as number) ^ 0x80;
      return out;
    }
    if (bitpix === 32 && bzero === 2 ** 31) {
      const out = new Uint32Array(raw.length);
      const src = raw as Int32Array;
      for (let i = 0; i < src.length; i++) out[i] = ((src[i] as number) ^ 0x80000000) >>> 0;
      return out;
    }
    if (bitpix === 64 && bzero === 2 ** 63) {
      const src = raw as BigInt64Array;
      const out = new BigUint64Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = BigInt.asUintN(64, (src[i] as bigint) ^ -(2n ** 63n));
      return out;
    }
  }
  const out =
    Math.abs(bitpix) <= 16 && bitpix !== -64 ? new Float32Array(raw.length) : new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]) * bscale + bzero;
  return out;
}
