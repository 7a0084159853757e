import type { Bitpix } from "./structure";

/** Stored pixel values by BITPIX: 8 → Uint8Array, 16 → Int16Array, 32 → Int32Array, 64 → BigInt64Array, -32 → Float32Array, -64 → Float64Array. */
export type RawPixels = Uint8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/** A new, zeroed array for `count` pixels of this BITPIX. */
export function allocatePixels(bitpix: Bitpix, count: number): RawPixels {
  switch (bitpix) {
    case 8:
      return new Uint8Array(count);
    case 16:
      return new Int16Array(count);
    case 32:
      return new Int32Array(count);
    case 64:
      return new BigInt64Array(count);
    case -32:
      return new Float32Array(count);
    case -64:
      return new Float64Array(count);
  }
}

/** Decode `count` big-endian pixels of this BITPIX from `bytes` (FITS byte order) into a native typed array. */
export function decodeBigEndian(bytes: Uint8Array, bitpix: Bitpix, count: number): RawPixels {
  const width = Math.abs(bitpix) / 8;
  const copy = new Uint8Array(count * width);
  copy.set(bytes.subarray(0, count * width));
  if (width > 1) swapBytes(copy, width);
  switch (bitpix) {
    case 8:
      return copy;
    case 16:
      return new Int16Array(copy.buffer, 0, count);
    case 32:
      return new Int32Array(copy.buffer, 0, count);
    case 64:
      return new BigInt64Array(copy.buffer, 0, count);
    case -32:
      return new Float32Array(copy.buffer, 0, count);
    case -64:
      return new Float64Array(copy.buffer, 0, count);
  }
}

/** Encode native pixels as big-endian bytes (FITS byte order). */
export function encodeBigEndian(pixels: RawPixels): Uint8Array {
  const bytes = new Uint8Array(pixels.byteLength);
  bytes.set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
  if (pixels.BYTES_PER_ELEMENT > 1) swapBytes(bytes, pixels.BYTES_PER_ELEMENT);
  return bytes;
}

/** Reverse the byte order of each `width`-byte element in place (FITS is big-endian; JS typed arrays are little-endian here). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  const n = bytes.length - (bytes.length % width);
  if (width === 2) {
    for (let i = 0; i < n; i += 2) {
      const t = bytes[i] as number;
      bytes[i] = bytes[i + 1] as number;
      bytes[i + 1] = t;
    }
    return;
  }
  for (let i = 0; i < n; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a] as number;
      bytes[a] = bytes[b] as number;
      bytes[b] = t;
    }
  }
}
