import {
  buildHuffmanSpec,
  category,
  decodeLjpeg,
  encodeLjpeg,
  huffmanCodes,
  LjpegDecodeError,
  LjpegEncodeError,
  mosaicToSliceStream,
  SliceWriter,
  SliceLayoutError,
} from "@panoptes/cr2";
import { lcg, randomMosaic } from "./helpers";

describe("lossless JPEG encode → decode round trip", () => {
  const cases: [number, number, number, number, number][] = [];
  for (const components of [1, 2, 3, 4])
    for (const bits of [2, 8, 12, 14, 16]) cases.push([components, bits, 1, 13, 9]);
  for (let p = 2; p <= 7; p++) cases.push([3, 16, p, 11, 7]);

  it.each(cases)(
    "%i components, %i bits, predictor %i (%ix%i)",
    (components, bits, predictor, width, height) => {
      const samples = randomMosaic(width * components, height, bits, components * 100 + bits + predictor);
      const jpeg = encodeLjpeg({ width, height, components, bits, predictor, samples });
      const { header, samples: back } = decodeLjpeg(jpeg);
      expect([header.width, header.height, header.components, header.bits, header.predictor]).toEqual([
        width,
        height,
        components,
        bits,
        predictor,
      ]);
      expect(Array.from(back)).toEqual(Array.from(samples));
    },
  );

  it("codes the 32768 difference (category 16, no extra bits) of 16-bit data", () => {
    const samples = Uint16Array.from([0, 32768, 0, 32768, 65535, 32767, 0, 65535]);
    const jpeg = encodeLjpeg({ width: 8, height: 1, components: 1, bits: 16, samples });
    expect(Array.from(decodeLjpeg(jpeg).samples)).toEqual(Array.from(samples));
  });

  it("reports a missing restart marker", () => {
    const samples = randomMosaic(8, 8, 12, 3);
    const jpeg = encodeLjpeg({ width: 8, height: 8, components: 1, bits: 12, samples, restartInterval: 16 });
    // drop every RSTn marker (0xFFD0-0xFFD7) from the entropy-coded data
    const kept: number[] = [];
    for (let i = 0; i < jpeg.length; i++) {
      if (jpeg[i] === 0xff && (jpeg[i + 1] ?? 0) >= 0xd0 && (jpeg[i + 1] ?? 0) <= 0xd7) i++;
      else kept.push(jpeg[i] ?? 0);
    }
    expect(() => decodeLjpeg(Uint8Array.from(kept))).toThrow(/restart marker 0 before line 2 is missing/);
  });

  it.each([
    ["precision", { bits: 17 }, /precision must be 2..16/],
    ["components", { components: 5 }, /components must be 1..4/],
    ["predictor", { predictor: 8 }, /predictor must be 1..7/],
    ["sample range", { samples: Uint16Array.from([4096, 0, 0, 0]) }, /does not fit in 12 bits/],
    ["restart interval", { restartInterval: 3 }, /multiple of the width/],
  ])("rejects a bad %s", (_label, patch, message) => {
    const base = { width: 2, height: 2, components: 1, bits: 12, samples: new Uint16Array(4) };
    expect(() => encodeLjpeg({ ...base, ...patch })).toThrow(LjpegEncodeError);
    expect(() => encodeLjpeg({ ...base, ...patch })).toThrow(message);
  });

  it("rejects a baseline (SOF0) JPEG", () => {
    const sof0 = Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
    expect(() => decodeLjpeg(sof0)).toThrow(LjpegDecodeError);
    expect(() => decodeLjpeg(sof0)).toThrow(/expected a lossless \(SOF3\) JPEG/);
  });

  it("rejects a header cut short", () => {
    const jpeg = encodeLjpeg({ width: 4, height: 4, components: 2, bits: 14, samples: new Uint16Array(32) });
    expect(() => decodeLjpeg(jpeg.subarray(0, 30))).toThrow(/header at offset 0 is truncated/);
  });
});

describe("Huffman tables", () => {
  it("builds a complete prefix code, never all ones, within 16 bits, even for skewed frequencies", () => {
    const freq = new Array<number>(17).fill(0).map((_, i) => 2 ** (16 - i)); // Fibonacci-like skew
    const spec = buildHuffmanSpec(freq);
    const { codes, lengths } = huffmanCodes(spec);
    const used: [number, number][] = [];
    for (let s = 0; s <= 16; s++) {
      const l = lengths[s] ?? 0;
      expect(l).toBeGreaterThan(0);
      expect(l).toBeLessThanOrEqual(16);
      expect(codes[s]).not.toBe((1 << l) - 1);
      used.push([codes[s] ?? 0, l]);
    }
    for (const [c1, l1] of used) {
      for (const [c2, l2] of used) {
        if (c1 === c2 && l1 === l2) continue;
        const l = Math.min(l1, l2);
        expect(c1 >> (l1 - l) === c2 >> (l2 - l)).toBe(false); // no code is a prefix of another
      }
    }
  });

  it("gives an unused table (all frequencies zero) one valid code instead of looping", () => {
    const spec = buildHuffmanSpec(new Array<number>(17).fill(0));
    expect(Array.from(spec.counts).reduce((a, b) => a + b, 0)).toBe(1);
    expect(Array.from(spec.symbols)).toEqual([0]);
  });

  it("gives frequent categories shorter codes", () => {
    const freq = new Array<number>(17).fill(1);
    freq[5] = 1000;
    const { lengths } = huffmanCodes(buildHuffmanSpec(freq));
    for (let s = 0; s <= 16; s++) if (s !== 5) expect(lengths[5] ?? 99).toBeLessThan(lengths[s] ?? 0);
  });

  it.each([
    [0, 0],
    [1, 1],
    [-1, 1],
    [2, 2],
    [-3, 2],
    [255, 8],
    [-16384, 15],
    [32768, 16],
  ])("category(%i) = %i", (d, s) => expect(category(d)).toBe(s));
});

describe("CR2 slices", () => {
  it("SliceWriter inverts mosaicToSliceStream for any chunking of the stream", () => {
    const width = 30;
    const height = 7;
    const mosaic = randomMosaic(width, height, 14, 5);
    const stream = mosaicToSliceStream(mosaic, width, height, [2, 11, 8]);
    const rand = lcg(11);
    const out = new Uint16Array(width * height);
    const writer = new SliceWriter(out, width, height, [2, 11, 8]);
    for (let a = 0; a < stream.length;) {
      const n = 1 + Math.floor(rand() * 40);
      writer.write(stream.subarray(a, a + n));
      a += n;
    }
    expect(Array.from(out)).toEqual(Array.from(mosaic));
    expect(Array.from(stream.subarray(0, 11))).toEqual(Array.from(mosaic.subarray(0, 11))); // slice 0, row 0
    expect(Array.from(stream.subarray(11, 22))).toEqual(Array.from(mosaic.subarray(30, 41))); // slice 0, row 1
  });

  it("rejects slices that do not add up to the raw width", () => {
    expect(() => new SliceWriter(new Uint16Array(60), 30, 2, [2, 11, 9])).toThrow(SliceLayoutError);
    expect(() => new SliceWriter(new Uint16Array(60), 30, 2, [2, 11, 9])).toThrow(
      /cover the raw width 30.*cover 31/,
    );
  });
});
