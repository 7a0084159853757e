import { DecompressionError } from "./errors";

// Number of significant bits of each byte value (the leading one-bit's position + 1).
const NONZERO_COUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) NONZERO_COUNT[i] = 32 - Math.clz32(i);

/** Typed arrays Rice decodes into: 1, 2 or 4 bytes per pixel. */
export type RiceOutput = Uint8Array | Int16Array | Int32Array;

/**
 * Decode one Rice-compressed tile (the RICE_1 algorithm of the FITS tiled-image convention, as
 * cfitsio's fits_rdecomp) into `output[0..count)`. `bytePix` is 1, 2 or 4 (the BYTEPIX parameter),
 * `blockSize` the pixels per block (BLOCKSIZE, normally 32). Integer arithmetic wraps at the pixel
 * width as in cfitsio. Throws DecompressionError when the stream ends early.
 */
export function riceDecode(
  input: Uint8Array,
  output: RiceOutput,
  count: number,
  blockSize: number,
  bytePix: 1 | 2 | 4,
): void {
  const fsBits = bytePix === 1 ? 3 : bytePix === 2 ? 4 : 5;
  const fsMax = bytePix === 1 ? 6 : bytePix === 2 ? 14 : 25;
  const bBits = 1 << fsBits;
  if (input.length < bytePix + 1) {
    throw new DecompressionError(`Rice tile has ${input.length} bytes, too few for its first pixel`);
  }
  let c = 0;
  let lastpix = 0;
  for (let k = 0; k < bytePix; k++) lastpix = (lastpix << 8) | (input[c++] as number);
  if (bytePix === 1) lastpix &= 0xff;
  if (bytePix === 2) lastpix &= 0xffff;
  const end = input.length;
  let b = input[c++] as number;
  let nbits = 8;
  for (let i = 0; i < count;) {
    nbits -= fsBits;
    while (nbits < 0) {
      b = (b << 8) | (c < end ? (input[c] as number) : 0);
      c++;
      nbits += 8;
    }
    const fs = (b >>> nbits) - 1;
    b &= (1 << nbits) - 1;
    let imax = i + blockSize;
    if (imax > count) imax = count;
    if (fs < 0) {
      // Low entropy: every difference is zero.
      for (; i < imax; i++) output[i] = lastpix;
    } else if (fs === fsMax) {
      // High entropy: differences stored as raw bBits-bit values.
      for (; i < imax; i++) {
        let k = bBits - nbits;
        let diff = k >= 32 ? 0 : b << k;
        for (k -= 8; k >= 0; k -= 8) {
          diff |= (c < end ? (input[c] as number) : 0) << k;
          c++;
        }
        if (nbits > 0) {
          b = c < end ? (input[c] as number) : 0;
          c++;
          diff |= b >>> -k;
          b &= (1 << nbits) - 1;
        } else {
          b = 0;
        }
        diff = (diff & 1) === 0 ? diff >>> 1 : ~(diff >>> 1);
        output[i] = diff + lastpix;
        lastpix = output[i] as number;
      }
    } else {
      for (; i < imax; i++) {
        while (b === 0) {
          nbits += 8;
          b = c < end ? (input[c] as number) : 0;
          c++;
          if (c > end + 8) throw riceOverrun(i, count, end);
        }
        const nzero = nbits - (NONZERO_COUNT[b] as number);
        nbits -= nzero + 1;
        b ^= 1 << nbits;
        nbits -= fs;
        while (nbits < 0) {
          b = (b << 8) | (c < end ? (input[c] as number) : 0);
          c++;
          nbits += 8;
        }
        let diff = (nzero << fs) | (b >>> nbits);
        b &= (1 << nbits) - 1;
        diff = (diff & 1) === 0 ? diff >>> 1 : ~(diff >>> 1);
        output[i] = diff + lastpix;
        lastpix = output[i] as number;
      }
    }
    if (c > end) throw riceOverrun(i, count, end);
  }
}

function riceOverrun(pixel: number, count: number, bytes: number): DecompressionError {
  return new DecompressionError(
    `Rice tile ends early: ${bytes} compressed bytes ran out at pixel ${pixel} of ${count}`,
  );
}
