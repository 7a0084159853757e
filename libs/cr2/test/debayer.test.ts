import { debayerBilinear, debayerHalf, DebayerInputError, type BayerPattern } from "@panoptes/cr2";

// A 4×4 RGGB mosaic with unrelated values, so every mean below is computed by hand:
//   R   G   R   G        100  10 200  20
//   G   B   G   B         30 400  40 500
//   R   G   R   G        300  50 600  60
//   G   B   G   B         70 700  80 800
const MOSAIC = {
  width: 4,
  height: 4,
  data: Uint16Array.from([100, 10, 200, 20, 30, 400, 40, 500, 300, 50, 600, 60, 70, 700, 80, 800]),
};

describe("debayerHalf", () => {
  it("turns each RGGB cell into R, the mean of its greens, and B", () => {
    const out = debayerHalf(MOSAIC);
    expect([out.width, out.height]).toEqual([2, 2]);
    expect(Array.from(out.r)).toEqual([100, 200, 300, 600]);
    expect(Array.from(out.g)).toEqual([20, 30, 60, 70]);
    expect(Array.from(out.b)).toEqual([400, 500, 700, 800]);
  });

  it("keeps half-integer green means exactly (float32)", () => {
    const out = debayerHalf({ width: 2, height: 2, data: Uint16Array.from([5, 16383, 16382, 9]) });
    expect(out.g[0]).toBe(16382.5);
  });

  it.each<[BayerPattern, number[], number[]]>([
    ["BGGR", [400, 500, 700, 800], [100, 200, 300, 600]],
    ["GRBG", [10, 20, 50, 60], [30, 40, 70, 80]],
    ["GBRG", [30, 40, 70, 80], [10, 20, 50, 60]],
  ])("reads the %s layout", (pattern, r, b) => {
    const out = debayerHalf(MOSAIC, pattern);
    expect(Array.from(out.r)).toEqual(r);
    expect(Array.from(out.b)).toEqual(b);
  });

  it("drops an odd last row and column", () => {
    const data = new Uint16Array(5 * 3).map((_, i) => i);
    const out = debayerHalf({ width: 5, height: 3, data });
    expect([out.width, out.height]).toEqual([2, 1]);
    expect(Array.from(out.r)).toEqual([0, 2]);
    expect(Array.from(out.g)).toEqual([3, 5]); // (1 + 5) / 2, (3 + 7) / 2
    expect(Array.from(out.b)).toEqual([6, 8]);
  });
});

describe("debayerBilinear", () => {
  const out = debayerBilinear(MOSAIC);
  const at = (plane: Float32Array, x: number, y: number): number => plane[y * 4 + x] ?? NaN;

  it.each([
    // [x, y, r, g, b, why]
    [1, 1, 300, 32.5, 400, "B site: G from 4 edge neighbours, R from 4 diagonals"],
    [2, 2, 600, 57.5, 600, "R site: G from 4 edge neighbours, B from 4 diagonals"],
    [2, 1, 400, 40, 450, "G site in a G-B row: B from left/right, R from above/below"],
    [1, 2, 450, 50, 550, "G site in an R-G row: R from left/right, B from above/below"],
    [0, 0, 100, 20, 400, "corner R: only the neighbours inside the image"],
    [3, 3, 600, 70, 800, "corner B"],
    [3, 0, 200, 20, 500, "top-edge G"],
    [0, 1, 200, 30, 400, "left-edge G"],
  ])("pixel (%i,%i) → R %d, G %d, B %d (%s)", (x, y, r, g, b) => {
    expect([at(out.r, x, y), at(out.g, x, y), at(out.b, x, y)]).toEqual([r, g, b]);
  });

  it("keeps each pixel's own colour unchanged", () => {
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        const own = (y & 1) * 2 + (x & 1);
        const plane = own === 0 ? out.r : own === 3 ? out.b : out.g;
        expect(at(plane, x, y)).toBe(MOSAIC.data[y * 4 + x]);
      }
    }
  });

  it("maps a flat field to the same flat field in every channel, borders included", () => {
    const flat = debayerBilinear({ width: 7, height: 5, data: new Uint16Array(35).fill(1234) });
    for (const plane of [flat.r, flat.g, flat.b]) expect(plane.every((v) => v === 1234)).toBe(true);
  });
});

describe("debayer input checks", () => {
  it.each([
    ["a 1x1 mosaic", { width: 1, height: 1, data: new Uint16Array(1) }],
    ["data of the wrong length", { width: 4, height: 4, data: new Uint16Array(15) }],
  ])("rejects %s", (_label, mosaic) => {
    expect(() => debayerHalf(mosaic)).toThrow(DebayerInputError);
    expect(() => debayerBilinear(mosaic)).toThrow(DebayerInputError);
  });

  it("rejects an unknown pattern", () => {
    expect(() => debayerHalf(MOSAIC, "RGBG" as BayerPattern)).toThrow(/Bayer pattern must be one of/);
  });
});
