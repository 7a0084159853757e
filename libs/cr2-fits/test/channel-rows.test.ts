import { BAYER_PATTERNS, debayerBilinear, debayerHalf, type Mosaic } from "@panoptes/cr2";
import { CHANNELS, Cr2FitsInputError, forEachChannelRow, type Interpolation } from "@panoptes/cr2-fits";
import { testMosaic } from "./support";

function plane(m: Mosaic, pattern: (typeof BAYER_PATTERNS)[number], ch: "r" | "g" | "b", how: Interpolation) {
  const rows: number[] = [];
  forEachChannelRow(m, pattern, ch, how, (_y, row) => rows.push(...row));
  return Float32Array.from(rows);
}

describe("forEachChannelRow", () => {
  const sizes = [
    [2, 2],
    [3, 5],
    [8, 6],
    [17, 11],
    [64, 40],
  ] as const;
  const cases = sizes.flatMap(([w, h]) => BAYER_PATTERNS.map((pattern) => ({ w, h, pattern })));

  it.each(cases)(
    "equals debayerBilinear and debayerHalf plane by plane ($w x $h, $pattern)",
    ({ w, h, pattern }) => {
      const m: Mosaic = { width: w, height: h, data: testMosaic(w, h, w * 31 + h) };
      const bilinear = debayerBilinear(m, pattern);
      const half = debayerHalf(m, pattern);
      for (const ch of CHANNELS) {
        expect(plane(m, pattern, ch, "bilinear")).toEqual(bilinear[ch]);
        expect(plane(m, pattern, ch, "half")).toEqual(half[ch]);
      }
    },
  );

  it("emits rows top to bottom with their index", () => {
    const m: Mosaic = { width: 6, height: 4, data: testMosaic(6, 4) };
    const seen: number[] = [];
    forEachChannelRow(m, "RGGB", "g", "bilinear", (y, row) => {
      seen.push(y);
      expect(row.length).toBe(6);
    });
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it.each([
    ["an unknown interpolation", "cubic", "r", /interpolation must be one of bilinear, half, received cubic/],
    ["an unknown channel", "bilinear", "x", /channel must be one of r, g, b, received x/],
  ])("refuses %s", (_label, how, ch, message) => {
    const m: Mosaic = { width: 4, height: 4, data: testMosaic(4, 4) };
    const run = () => forEachChannelRow(m, "RGGB", ch as "r", how as Interpolation, () => undefined);
    expect(run).toThrow(Cr2FitsInputError);
    expect(run).toThrow(message);
  });
});
