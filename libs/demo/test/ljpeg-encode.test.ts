import { huffmanCodes } from "@panoptes/cr2";
import { buildHuffmanSpec, category, encodeLjpeg, LjpegEncodeError } from "@panoptes/demo";

describe("lossless JPEG encoder", () => {
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
