import { LjpegDecodeError } from "./errors";

/** Longest Huffman code JPEG allows (ITU-T T.81 B.2.4.2). */
export const MAX_CODE_LENGTH = 16;

/** A DHT table as stored: `counts[i]` = number of codes of length i+1, `symbols` in code order. */
export interface HuffmanSpec {
  counts: Uint8Array;
  symbols: Uint8Array;
}

/** Canonical codes for each symbol (T.81 Annex C): `lengths[s]` 0 when the symbol has no code. */
export interface HuffmanCodes {
  codes: Uint32Array;
  lengths: Uint8Array;
}

/** Assigns canonical codes to a DHT spec (T.81 C.2), rejecting an over-subscribed table. */
export function huffmanCodes(spec: HuffmanSpec, label = "Huffman table"): HuffmanCodes {
  const codes = new Uint32Array(256);
  const lengths = new Uint8Array(256);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    const n = spec.counts[len - 1] ?? 0;
    for (let i = 0; i < n; i++) {
      const symbol = spec.symbols[k++];
      if (symbol === undefined) {
        throw new LjpegDecodeError(
          `${label}: counts declare more codes than the ${spec.symbols.length} symbols given`,
        );
      }
      if (code >= 1 << len) {
        throw new LjpegDecodeError(
          `${label} is over-subscribed: ${n} codes of length ${len} do not fit in the code space`,
        );
      }
      codes[symbol] = code;
      lengths[symbol] = len;
      code++;
    }
    code <<= 1;
  }
  return { codes, lengths };
}

/**
 * A combined decoding table over the next `bits` bits of the stream: where a Huffman code and its extra
 * difference bits fit in those bits, `len[i]` is their total length and `diff[i]` the decoded difference;
 * otherwise `len[i]` is 0 and `slow[i]` holds (code length << 8) | SSSS (0 for an invalid prefix).
 */
export interface FastHuffmanTable {
  bits: number;
  len: Uint8Array;
  diff: Int32Array;
  slow: Uint16Array;
}

/** Width of the combined table: 2^14 entries covers a code and its difference bits for most samples. */
export const FAST_TABLE_BITS = 14;

/** Builds the combined code + difference table for a DHT spec (see FastHuffmanTable). */
export function buildFastHuffmanTable(spec: HuffmanSpec, label = "Huffman table"): FastHuffmanTable {
  const { codes, lengths } = huffmanCodes(spec, label);
  let longest = 0;
  for (let s = 0; s < 256; s++) {
    const len = lengths[s] ?? 0;
    if (len === 0) continue;
    if (s > 16) {
      throw new LjpegDecodeError(
        `${label}: lossless JPEG difference categories are 0..16, received symbol ${s}`,
      );
    }
    longest = Math.max(longest, len);
  }
  if (longest === 0) throw new LjpegDecodeError(`${label} defines no codes`);
  const bits = Math.max(FAST_TABLE_BITS, longest);
  const size = 1 << bits;
  const len = new Uint8Array(size);
  const diff = new Int32Array(size);
  const slow = new Uint16Array(size);
  for (let s = 0; s <= 16; s++) {
    const cl = lengths[s] ?? 0;
    if (cl === 0) continue;
    const code = codes[s] ?? 0;
    const extra = s === 16 ? 0 : s;
    if (cl + extra <= bits) {
      for (let e = 0; e < 1 << extra; e++) {
        let d: number;
        if (s === 16) d = -32768;
        else if (s === 0) d = 0;
        else d = e < 1 << (s - 1) ? e - ((1 << s) - 1) : e;
        const shift = bits - cl - extra;
        const first = ((code << extra) | e) << shift;
        len.fill(cl + extra, first, first + (1 << shift));
        diff.fill(d, first, first + (1 << shift));
      }
    } else {
      const first = code << (bits - cl);
      slow.fill((cl << 8) | s, first, first + (1 << (bits - cl)));
    }
  }
  return { bits, len, diff, slow };
}
