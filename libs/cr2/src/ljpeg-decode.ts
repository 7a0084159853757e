import { LjpegDecodeError } from "./errors";
import { predict } from "./ljpeg-predict";
import { buildFastHuffmanTable, type FastHuffmanTable } from "./huffman";

/** JPEG markers this decoder reads (T.81 table B.1). */
export const JpegMarker = {
  SOI: 0xffd8,
  EOI: 0xffd9,
  SOF3: 0xffc3,
  DHT: 0xffc4,
  SOS: 0xffda,
  DRI: 0xffdd,
  RST0: 0xffd0,
} as const;

/** What the lossless JPEG headers say, and where the entropy-coded data starts. */
export interface LjpegHeader {
  /** Samples per line of each component (X). */
  width: number;
  /** Lines (Y). */
  height: number;
  components: number;
  /** Sample precision P in bits. */
  bits: number;
  /** Predictor selection value (SOS Ss), 1..7. */
  predictor: number;
  /** Restart interval in MCUs, 0 when none. */
  restartInterval: number;
  /** Huffman table (index into `tables`) of each component, from the SOS. */
  componentTables: number[];
  tables: (FastHuffmanTable | undefined)[];
  /** Absolute offset of the first entropy-coded byte. */
  dataStart: number;
}

/**
 * Parses the marker segments of a lossless JPEG stream from `start` up to its SOS, within `bytes[start, end)`.
 * Accepts SOF3 only (lossless, Huffman), 1..4 components with sampling factors 1x1, precision 2..16, point
 * transform 0.
 */
export function parseLjpegHeader(bytes: Uint8Array, start = 0, end = bytes.length): LjpegHeader {
  const at = (i: number): number => {
    if (i >= end) {
      throw new LjpegDecodeError(
        `lossless JPEG header at offset ${start} is truncated: needed byte ${i - start}, the stream has ${end - start}`,
      );
    }
    return bytes[i] ?? 0;
  };
  const u16 = (i: number): number => (at(i) << 8) | at(i + 1);
  if (u16(start) !== JpegMarker.SOI) {
    throw new LjpegDecodeError(
      `lossless JPEG stream at offset ${start} must start with SOI (0xFFD8), received 0x${u16(start).toString(16).toUpperCase().padStart(4, "0")}`,
    );
  }
  let p = start + 2;
  const tables: (FastHuffmanTable | undefined)[] = [];
  let frame: { width: number; height: number; components: number; bits: number; ids: number[] } | undefined;
  let restartInterval = 0;
  for (;;) {
    const marker = u16(p);
    if (marker < 0xff00) {
      throw new LjpegDecodeError(
        `expected a JPEG marker at offset ${p}, received 0x${marker.toString(16).toUpperCase().padStart(4, "0")}`,
      );
    }
    if (marker === 0xffff) {
      p++; // fill byte
      continue;
    }
    const len = u16(p + 2);
    const body = p + 4;
    const next = p + 2 + len;
    if (len < 2)
      throw new LjpegDecodeError(`marker 0x${marker.toString(16)} at offset ${p} has length ${len} (< 2)`);
    at(next - 1);
    if (marker === JpegMarker.DHT) {
      let q = body;
      while (q < next) {
        const tcth = at(q);
        const id = tcth & 15;
        if (tcth >> 4 !== 0 || id > 3) {
          throw new LjpegDecodeError(
            `DHT at offset ${p}: table class/id must be 0/0..3 for lossless, received 0x${tcth.toString(16)}`,
          );
        }
        const counts = bytes.subarray(q + 1, q + 17);
        at(q + 16);
        let total = 0;
        for (const n of counts) total += n;
        at(q + 16 + total);
        const symbols = bytes.subarray(q + 17, q + 17 + total);
        tables[id] = buildFastHuffmanTable({ counts, symbols }, `DHT table ${id} at offset ${p}`);
        q += 17 + total;
      }
    } else if (marker === JpegMarker.SOF3) {
      const nf = at(body + 5);
      const bits = at(body);
      const height = u16(body + 1);
      const width = u16(body + 3);
      if (!(bits >= 2 && bits <= 16))
        throw new LjpegDecodeError(`SOF3 precision must be 2..16 bits, received ${bits}`);
      if (width === 0 || height === 0)
        throw new LjpegDecodeError(`SOF3 frame size must be non-zero, received ${width}x${height}`);
      if (!(nf >= 1 && nf <= 4)) throw new LjpegDecodeError(`SOF3 must have 1..4 components, received ${nf}`);
      const ids: number[] = [];
      for (let c = 0; c < nf; c++) {
        ids.push(at(body + 6 + 3 * c));
        const hv = at(body + 7 + 3 * c);
        if (hv !== 0x11) {
          throw new LjpegDecodeError(
            `component ${c}: sampling factors must be 1x1 (Canon sRAW is not supported), received 0x${hv.toString(16)}`,
          );
        }
      }
      frame = { width, height, components: nf, bits, ids };
    } else if (marker === JpegMarker.DRI) {
      restartInterval = u16(body);
    } else if (marker === JpegMarker.SOS) {
      if (!frame) throw new LjpegDecodeError(`SOS at offset ${p} comes before any SOF3 frame header`);
      const ns = at(body);
      if (ns !== frame.components) {
        throw new LjpegDecodeError(
          `SOS must code all ${frame.components} components in one scan, received ${ns}`,
        );
      }
      const componentTables: number[] = [];
      for (let c = 0; c < ns; c++) {
        const id = at(body + 1 + 2 * c);
        if (id !== frame.ids[c]) {
          throw new LjpegDecodeError(`SOS component ${c} is id ${id}, the frame declares ${frame.ids[c]}`);
        }
        const td = at(body + 2 + 2 * c) >> 4;
        if (!tables[td])
          throw new LjpegDecodeError(`component ${c} uses Huffman table ${td}, which no DHT defined`);
        componentTables.push(td);
      }
      const predictor = at(body + 1 + 2 * ns);
      const al = at(body + 3 + 2 * ns) & 15;
      if (!(predictor >= 1 && predictor <= 7)) {
        throw new LjpegDecodeError(`SOS predictor must be 1..7, received ${predictor}`);
      }
      if (al !== 0) throw new LjpegDecodeError(`point transform must be 0, received ${al}`);
      if (restartInterval !== 0 && restartInterval % frame.width !== 0) {
        throw new LjpegDecodeError(
          `restart interval ${restartInterval} is not a whole number of lines of ${frame.width} samples (unsupported)`,
        );
      }
      return {
        width: frame.width,
        height: frame.height,
        components: frame.components,
        bits: frame.bits,
        predictor,
        restartInterval,
        componentTables,
        tables,
        dataStart: next,
      };
    } else if (
      marker === JpegMarker.EOI ||
      (marker >= 0xffc0 && marker <= 0xffcf && marker !== 0xffc4 && marker !== 0xffc8 && marker !== 0xffcc)
    ) {
      throw new LjpegDecodeError(
        `expected a lossless (SOF3) JPEG, received marker 0x${marker.toString(16).toUpperCase()} at offset ${p}`,
      );
    }
    p = next;
  }
}

/**
 * Removes byte stuffing from the entropy-coded data starting at `start`: returns the data bytes, and the start
 * of each restart segment (an RSTn marker ends a segment). Stops at any other marker or at `end`.
 * The returned buffer has 8 zero bytes of padding so the bit reader never reads out of bounds.
 */
export function unstuff(
  bytes: Uint8Array,
  start: number,
  end: number,
): { data: Uint8Array; segments: number[]; length: number } {
  const data = new Uint8Array(end - start + 8);
  const segments = [0];
  let n = 0;
  let i = start;
  while (i < end) {
    const b = bytes[i++] ?? 0;
    if (b !== 0xff) {
      data[n++] = b;
      continue;
    }
    const m = bytes[i] ?? 0;
    if (m === 0x00) {
      data[n++] = 0xff;
      i++;
    } else if (m === 0xff) {
      continue; // fill byte before a marker
    } else if (m >= 0xd0 && m <= 0xd7) {
      i++;
      segments.push(n);
    } else {
      break; // EOI or another marker ends the scan
    }
  }
  return { data, segments, length: n };
}

/** Called with each decoded line (`components × width` samples, interleaved) and its index. */
export type LjpegRowSink = (row: Uint16Array, line: number) => void;

/**
 * Decodes the scan of a lossless JPEG stream whose header was parsed by `parseLjpegHeader`, calling `onRow` for
 * each line. The row buffer is reused: copy what you keep. Prediction follows T.81 H.1 the way dcraw does it
 * (first line: left neighbour, first column: the sample above; at a restart only the first-column predictors
 * are reset). Throws LjpegDecodeError on an invalid Huffman code or when the data ends before the last sample.
 */
export function decodeLjpegScan(
  bytes: Uint8Array,
  header: LjpegHeader,
  end: number,
  onRow: LjpegRowSink,
): void {
  const { width, height, components: clrs, bits, predictor: psv } = header;
  const { data, segments, length } = unstuff(bytes, header.dataStart, end);
  const rowLen = width * clrs;
  let cur = new Uint16Array(rowLen);
  let prev = new Uint16Array(rowLen);
  const vpred = new Int32Array(clrs);
  // One table width for all components, so the tables can share flat arrays indexed by (c << W) | bits.
  let W = 0;
  for (let c = 0; c < clrs; c++) {
    const t = header.tables[header.componentTables[c] ?? 0];
    if (!t) throw new LjpegDecodeError(`component ${c} has no Huffman table`);
    W = Math.max(W, t.bits);
  }
  const fastLen = new Uint8Array(clrs << W);
  const fastDiff = new Int32Array(clrs << W);
  const slow = new Uint16Array(clrs << W);
  for (let c = 0; c < clrs; c++) {
    let t = header.tables[header.componentTables[c] ?? 0] as FastHuffmanTable;
    if (t.bits !== W) t = widen(t, W);
    fastLen.set(t.len, c << W);
    fastDiff.set(t.diff, c << W);
    slow.set(t.slow, c << W);
  }
  const mask = (1 << W) - 1;
  const rowsPerRestart = header.restartInterval === 0 ? height : header.restartInterval / width;
  let segment = 0;
  let segmentEnd = segments.length > 1 ? (segments[1] ?? length) : length;
  let pos = 0;
  let acc = 0;
  let nbits = 0;
  const half = 1 << (bits - 1);

  for (let y = 0; y < height; y++) {
    if (y % rowsPerRestart === 0) {
      vpred.fill(half);
      if (y > 0) {
        if (pos * 8 - nbits > segmentEnd * 8) throw truncated(header, y, length);
        segment++;
        const s = segments[segment];
        if (s === undefined) {
          throw new LjpegDecodeError(
            `restart marker ${segment - 1} before line ${y} is missing from the scan`,
          );
        }
        pos = s;
        segmentEnd = segments[segment + 1] ?? length;
        acc = 0;
        nbits = 0;
      }
    }
    const usePrev = y !== 0 && psv !== 1;
    let c = 0;
    for (let x = 0; x < rowLen; x++) {
      // keep at least 16 bits in the accumulator: enough for any code, or for a W-bit table peek (W <= 16)
      if (nbits < 16) {
        acc = (acc << 16) | ((data[pos] ?? 0) << 8) | (data[pos + 1] ?? 0);
        pos += 2;
        nbits += 16;
      }
      const idx = (c << W) | ((acc >>> (nbits - W)) & mask);
      let diff: number;
      const fl = fastLen[idx] ?? 0;
      if (fl !== 0) {
        nbits -= fl;
        diff = fastDiff[idx] ?? 0;
      } else {
        const e = slow[idx] ?? 0;
        if (e === 0) {
          if (pos * 8 - nbits > length * 8) throw truncated(header, y, length);
          throw new LjpegDecodeError(
            `invalid Huffman code in line ${y}, sample ${x} (entropy data byte ${pos - 2} of ${length})`,
          );
        }
        nbits -= e >> 8;
        const s = e & 0xff;
        if (nbits < s) {
          acc = (acc << 16) | ((data[pos] ?? 0) << 8) | (data[pos + 1] ?? 0);
          pos += 2;
          nbits += 16;
        }
        diff = (acc >>> (nbits - s)) & ((1 << s) - 1);
        nbits -= s;
        if (diff < 1 << (s - 1)) diff -= (1 << s) - 1;
      }
      let pred: number;
      if (x < clrs) {
        pred = vpred[c] ?? 0;
      } else {
        pred = cur[x - clrs] ?? 0;
        if (usePrev) pred = predict(psv, pred, prev[x] ?? 0, prev[x - clrs] ?? 0);
      }
      const v = (pred + diff) & 0xffff;
      cur[x] = v;
      if (x < clrs) vpred[c] = v;
      if (++c === clrs) c = 0;
    }
    onRow(cur, y);
    const t = prev;
    prev = cur;
    cur = t;
  }
  if (pos * 8 - nbits > segmentEnd * 8) throw truncated(header, height, length);
}

/** Re-indexes a combined table over more bits (when the components' tables differ in width). */
function widen(t: FastHuffmanTable, bits: number): FastHuffmanTable {
  const k = bits - t.bits;
  const size = 1 << bits;
  const len = new Uint8Array(size);
  const diff = new Int32Array(size);
  const slow = new Uint16Array(size);
  for (let i = 0; i < size; i++) {
    len[i] = t.len[i >> k] ?? 0;
    diff[i] = t.diff[i >> k] ?? 0;
    slow[i] = t.slow[i >> k] ?? 0;
  }
  return { bits, len, diff, slow };
}

/**
 * Every sample takes at least one bit, so a frame declaring more samples than 8 × its data bytes is truncated
 * or corrupt: refuse it before allocating memory for it.
 */
export function checkPlausibleSize(header: LjpegHeader, end: number): void {
  const samples = header.width * header.height * header.components;
  const available = Math.max(0, end - header.dataStart);
  if (samples > available * 8) {
    throw new LjpegDecodeError(
      `lossless JPEG frame declares ${header.width}x${header.height}x${header.components} = ${samples} samples, but its ${available} bytes of data can hold at most ${available * 8}: the stream is truncated or corrupt`,
    );
  }
}

function truncated(header: LjpegHeader, line: number, length: number): LjpegDecodeError {
  return new LjpegDecodeError(
    `lossless JPEG data is truncated: the ${length} bytes of entropy-coded data end before line ${line} of ${header.height} was complete`,
  );
}

/** Decodes a whole lossless JPEG stream to interleaved samples (`height` lines of `width × components`). */
export function decodeLjpeg(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): { header: LjpegHeader; samples: Uint16Array } {
  const header = parseLjpegHeader(bytes, start, end);
  checkPlausibleSize(header, end);
  const rowLen = header.width * header.components;
  const samples = new Uint16Array(rowLen * header.height);
  decodeLjpegScan(bytes, header, end, (row, y) => samples.set(row, y * rowLen));
  return { header, samples };
}
