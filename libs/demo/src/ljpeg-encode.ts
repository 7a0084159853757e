import { huffmanCodes, type HuffmanSpec, predict } from "@panoptes/cr2";
import { LjpegEncodeError } from "./errors";
import { buildHuffmanSpec } from "./huffman-spec";

/** Parameters of a lossless JPEG (T.81 SOF3) frame to encode. */
export interface LjpegEncodeOptions {
  /** Samples per line of each component (the frame's X). */
  width: number;
  /** Lines (the frame's Y). */
  height: number;
  /** Number of interleaved components, 1..4. */
  components: number;
  /** Sample precision in bits, 2..16. */
  bits: number;
  /** Predictor selection value 1..7 (T.81 table H.1); default 1 (left neighbour). */
  predictor?: number;
  /** Samples, line after line, components interleaved: `samples[(y * width + x) * components + c]`. */
  samples: Uint16Array;
  /** Number of Huffman tables: 1 (all components share table 0) or 2 (component 0 → 0, others → 1). Default 2. */
  tables?: 1 | 2;
  /** Restart interval in MCUs (must be a multiple of `width`); 0 or absent = none. */
  restartInterval?: number;
}

/**
 * Encodes samples as a lossless JPEG stream (SOI, DHT, SOF3, [DRI], SOS, entropy-coded data, EOI) with
 * Huffman tables optimised for the data (T.81 Annex K.2). Returns the JPEG bytes.
 */
export function encodeLjpeg(options: LjpegEncodeOptions): Uint8Array {
  const { width, height, components: clrs, bits, samples } = options;
  const psv = options.predictor ?? 1;
  const tableCount = clrs === 1 ? 1 : (options.tables ?? 2);
  const restart = options.restartInterval ?? 0;
  if (!(width >= 1 && width < 65536 && height >= 1 && height < 65536)) {
    throw new LjpegEncodeError(`frame size must be 1..65535 in both axes, received ${width}x${height}`);
  }
  if (!(clrs >= 1 && clrs <= 4)) throw new LjpegEncodeError(`components must be 1..4, received ${clrs}`);
  if (!(bits >= 2 && bits <= 16))
    throw new LjpegEncodeError(`precision must be 2..16 bits, received ${bits}`);
  if (!(psv >= 1 && psv <= 7)) throw new LjpegEncodeError(`predictor must be 1..7, received ${psv}`);
  if (samples.length !== width * height * clrs) {
    throw new LjpegEncodeError(
      `samples must hold width*height*components = ${width * height * clrs} values, received ${samples.length}`,
    );
  }
  if (restart !== 0 && (restart % width !== 0 || restart > 65535)) {
    throw new LjpegEncodeError(
      `restart interval must be a multiple of the width ${width} (<= 65535), received ${restart}`,
    );
  }
  const limit = 1 << bits;
  for (let i = 0; i < samples.length; i++) {
    if ((samples[i] ?? 0) >= limit) {
      throw new LjpegEncodeError(`sample ${i} = ${samples[i]} does not fit in ${bits} bits`);
    }
  }
  const tableOf = (c: number): number => (tableCount === 1 || c === 0 ? 0 : 1);
  const rowsPerRestart = restart === 0 ? height : restart / width;

  // pass 1: differences, and the category histogram per table
  const rowLen = width * clrs;
  const diffs = new Int32Array(samples.length);
  const freq = [new Float64Array(17), new Float64Array(17)];
  const vpred = new Int32Array(clrs);
  for (let y = 0; y < height; y++) {
    if (y % rowsPerRestart === 0) vpred.fill(1 << (bits - 1));
    const row = y * rowLen;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < clrs; c++) {
        const i = row + x * clrs + c;
        let pred: number;
        if (x === 0) {
          pred = vpred[c] ?? 0;
          vpred[c] = samples[i] ?? 0;
        } else if (y === 0) {
          pred = samples[i - clrs] ?? 0;
        } else {
          pred = predict(
            psv,
            samples[i - clrs] ?? 0,
            samples[i - rowLen] ?? 0,
            samples[i - rowLen - clrs] ?? 0,
          );
        }
        let d = ((samples[i] ?? 0) - pred) & 0xffff;
        if (d > 32768) d -= 65536;
        diffs[i] = d;
        const freqTable = freq[tableOf(c)];
        if (freqTable) freqTable[category(d)] = (freqTable[category(d)] ?? 0) + 1;
      }
    }
  }
  const specs: HuffmanSpec[] = [];
  for (let t = 0; t < tableCount; t++) specs.push(buildHuffmanSpec(freq[t] ?? new Float64Array(17)));
  const codeTables = specs.map((s, t) => huffmanCodes(s, `encoder table ${t}`));

  const out = new ByteSink(samples.length * 2 + 1024);
  out.u16(0xffd8); // SOI
  for (let t = 0; t < tableCount; t++) {
    const spec = specs[t];
    if (!spec) continue;
    out.u16(0xffc4);
    out.u16(2 + 1 + 16 + spec.symbols.length);
    out.u8(t); // Tc = 0 (DC/lossless), Th = t
    for (const n of spec.counts) out.u8(n);
    for (const s of spec.symbols) out.u8(s);
  }
  out.u16(0xffc3); // SOF3
  out.u16(8 + 3 * clrs);
  out.u8(bits);
  out.u16(height);
  out.u16(width);
  out.u8(clrs);
  for (let c = 0; c < clrs; c++) {
    out.u8(c + 1);
    out.u8(0x11);
    out.u8(0);
  }
  if (restart !== 0) {
    out.u16(0xffdd);
    out.u16(4);
    out.u16(restart);
  }
  out.u16(0xffda); // SOS
  out.u16(6 + 2 * clrs);
  out.u8(clrs);
  for (let c = 0; c < clrs; c++) {
    out.u8(c + 1);
    out.u8(tableOf(c) << 4);
  }
  out.u8(psv);
  out.u8(0);
  out.u8(0);

  const bw = new BitWriter(out);
  let marker = 0;
  for (let y = 0; y < height; y++) {
    if (y > 0 && y % rowsPerRestart === 0) {
      bw.flush();
      out.u16(0xffd0 + (marker & 7));
      marker++;
    }
    const row = y * rowLen;
    for (let i = row; i < row + rowLen; i++) {
      const c = (i - row) % clrs;
      const d = diffs[i] ?? 0;
      const s = category(d);
      const table = codeTables[tableOf(c)];
      if (!table) continue;
      bw.write(table.codes[s] ?? 0, table.lengths[s] ?? 0);
      if (s > 0 && s < 16) bw.write(d < 0 ? d + (1 << s) - 1 : d, s);
    }
  }
  bw.flush();
  out.u16(0xffd9); // EOI
  return out.bytes();
}

/** SSSS category of a difference (T.81 table H.2): number of bits of |d|; 16 for 32768. */
export function category(d: number): number {
  let a = d < 0 ? -d : d;
  let s = 0;
  while (a > 0) {
    s++;
    a >>= 1;
  }
  return s;
}

/** Growable byte buffer. */
class ByteSink {
  private buf: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }
  u8(v: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = v & 0xff;
  }
  u16(v: number): void {
    this.u8(v >> 8);
    this.u8(v);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** MSB-first bit writer with 0xFF byte stuffing; `flush` pads with 1 bits (T.81 F.1.2.3). */
class BitWriter {
  private acc = 0;
  private n = 0;
  constructor(private readonly out: ByteSink) {}
  /** Appends the low `length` bits of `value` (length <= 16). */
  write(value: number, length: number): void {
    this.acc = (this.acc << length) | (value & ((1 << length) - 1));
    this.n += length;
    while (this.n >= 8) {
      this.n -= 8;
      const b = (this.acc >>> this.n) & 0xff;
      this.out.u8(b);
      if (b === 0xff) this.out.u8(0);
    }
    this.acc &= (1 << this.n) - 1;
  }
  flush(): void {
    if (this.n > 0) this.write((1 << (8 - this.n)) - 1, 8 - this.n);
  }
}
