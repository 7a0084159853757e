import {
  decodeLjpeg,
  LjpegDecodeError,
  mosaicToSliceStream,
  SliceWriter,
  SliceLayoutError,
} from "@panoptes/cr2";
import { encodeLjpeg, seededRandom } from "@panoptes/demo";
import { randomMosaic } from "./helpers";

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

describe("CR2 slices", () => {
  it("SliceWriter inverts mosaicToSliceStream for any chunking of the stream", () => {
    const width = 30;
    const height = 7;
    const mosaic = randomMosaic(width, height, 14, 5);
    const stream = mosaicToSliceStream(mosaic, width, height, [2, 11, 8]);
    const rand = seededRandom(11);
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
