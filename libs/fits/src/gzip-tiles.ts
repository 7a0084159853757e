import { gunzipSync, inflateSync } from "node:zlib";
import { DecompressionError } from "./errors";

/**
 * Inflate one GZIP_1/GZIP_2 tile (gzip stream; cfitsio also accepts a bare zlib stream) into big-endian
 * bytes. For GZIP_2, `shuffleBytes` (the pixel width) undoes the byte shuffling: all most significant
 * bytes first, then the next, and so on.
 */
export function gunzipTile(input: Uint8Array, shuffleBytes = 1): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = input[0] === 0x1f && input[1] === 0x8b ? gunzipSync(input) : inflateSync(input);
  } catch (cause) {
    throw new DecompressionError(`gzip tile of ${input.length} bytes could not be inflated`, { cause });
  }
  if (shuffleBytes <= 1) return bytes;
  const n = Math.floor(bytes.length / shuffleBytes);
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < shuffleBytes; k++) {
    const base = k * n;
    for (let i = 0; i < n; i++) out[i * shuffleBytes + k] = bytes[base + i] as number;
  }
  return out;
}
