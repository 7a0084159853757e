import { type HuffmanSpec, MAX_CODE_LENGTH } from "@panoptes/cr2";
import { LjpegEncodeError } from "./errors";

/**
 * Builds an optimal length-limited Huffman table from symbol frequencies, as T.81 Annex K.2 does
 * (a reserved dummy symbol keeps the all-ones code unused; lengths are limited to 16 bits).
 * `freq[s]` = occurrences of symbol s (0..255).
 */
export function buildHuffmanSpec(freq: ArrayLike<number>): HuffmanSpec {
  const n = 257;
  const f = new Float64Array(n);
  for (let s = 0; s < Math.min(freq.length, 256); s++) f[s] = freq[s] ?? 0;
  if (f.every((v) => v === 0)) f[0] = 1; // an unused table still needs one code to be a valid DHT
  f[256] = 1; // reserved symbol: guarantees no real symbol gets the all-ones code
  const codesize = new Int32Array(n);
  const others = new Int32Array(n).fill(-1);
  for (;;) {
    // v1: least frequency (ties → larger index), v2: next least
    let v1 = -1;
    let v2 = -1;
    for (let i = 0; i < n; i++) {
      const fi = f[i] ?? 0;
      if (fi === 0) continue;
      if (v1 < 0 || fi <= (f[v1] ?? 0)) {
        v1 = i;
      }
    }
    for (let i = 0; i < n; i++) {
      const fi = f[i] ?? 0;
      if (fi === 0 || i === v1) continue;
      if (v2 < 0 || fi <= (f[v2] ?? 0)) v2 = i;
    }
    if (v2 < 0) break;
    f[v1] = (f[v1] ?? 0) + (f[v2] ?? 0);
    f[v2] = 0;
    codesize[v1] = (codesize[v1] ?? 0) + 1;
    let v = v1;
    while ((others[v] ?? -1) >= 0) {
      v = others[v] ?? -1;
      codesize[v] = (codesize[v] ?? 0) + 1;
    }
    others[v] = v2;
    codesize[v2] = (codesize[v2] ?? 0) + 1;
    v = v2;
    while ((others[v] ?? -1) >= 0) {
      v = others[v] ?? -1;
      codesize[v] = (codesize[v] ?? 0) + 1;
    }
  }
  const bits = new Int32Array(33);
  for (let i = 0; i < n; i++) {
    const cs = codesize[i] ?? 0;
    if (cs > 0) {
      if (cs > 32) throw new LjpegEncodeError(`Huffman code length ${cs} exceeds 32 bits before limiting`);
      bits[cs] = (bits[cs] ?? 0) + 1;
    }
  }
  // Annex K.2 figure K.3: limit code lengths to 16
  for (let i = 32; i > MAX_CODE_LENGTH; i--) {
    while ((bits[i] ?? 0) > 0) {
      let j = i - 2;
      while ((bits[j] ?? 0) === 0) j--;
      bits[i] = (bits[i] ?? 0) - 2;
      bits[i - 1] = (bits[i - 1] ?? 0) + 1;
      bits[j + 1] = (bits[j + 1] ?? 0) + 2;
      bits[j] = (bits[j] ?? 0) - 1;
    }
  }
  // remove the reserved symbol's code (the longest one)
  let longest = MAX_CODE_LENGTH;
  while (longest > 1 && (bits[longest] ?? 0) === 0) longest--;
  bits[longest] = (bits[longest] ?? 0) - 1;
  const counts = new Uint8Array(16);
  for (let i = 1; i <= MAX_CODE_LENGTH; i++) counts[i - 1] = bits[i] ?? 0;
  // symbols sorted by code size, then by value
  const symbols: number[] = [];
  for (let len = 1; len <= 32; len++) {
    for (let s = 0; s < 256; s++) if ((codesize[s] ?? 0) === len) symbols.push(s);
  }
  return { counts, symbols: Uint8Array.from(symbols) };
}
