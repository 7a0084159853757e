import { readImage } from "@panoptes/fits";
import { fileByteSource } from "@panoptes/fits";
import { describeShared, sharedPath } from "@panoptes/testing";
import path from "node:path";
import { seededRandom } from "@panoptes/demo";
import { superpixel, zscaleLimits, zscaleSamples } from "../src";
import { runAstropy, ZSCALE_STDIN } from "./astropy";

function astropyLimits(values: ArrayLike<number>): [number, number] {
  return runAstropy<[number, number]>(ZSCALE_STDIN, [], new Uint8Array(Float64Array.from(values).buffer));
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A sky frame: background + noise (ADU) and `stars` Gaussian stars, NaN at `nan` random places. */
function sky(
  n: number,
  seed: number,
  o: { sky: number; noise: number; stars: number; nan?: number },
): Float64Array {
  const random = seededRandom(seed);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = o.sky + o.noise * gaussian(random);
  for (let s = 0; s < o.stars; s++) {
    const c = Math.floor(random() * n);
    const flux = 500 + random() * 30000;
    for (let k = -20; k <= 20; k++)
      if (c + k >= 0 && c + k < n) v[c + k] = (v[c + k] as number) + flux * Math.exp(-(k * k) / 8);
  }
  for (let k = 0; k < (o.nan ?? 0); k++) v[Math.floor(random() * n)] = k % 3 === 0 ? Infinity : NaN;
  return v;
}

const CASES: { name: string; values: Float64Array }[] = [
  { name: "pure noise, fewer values than samples", values: sky(700, 1, { sky: 2048, noise: 20, stars: 0 }) },
  {
    name: "noise, strided sampling of 250,000 values",
    values: sky(250_000, 2, { sky: 2100, noise: 25, stars: 0 }),
  },
  { name: "crowded field: 400 bright stars", values: sky(200_003, 3, { sky: 1500, noise: 12, stars: 400 }) },
  { name: "NaN and Infinity ignored", values: sky(50_000, 4, { sky: 300, noise: 5, stars: 20, nan: 3000 }) },
  {
    name: "a ramp (every sample on the line)",
    values: Float64Array.from({ length: 5000 }, (_, i) => i * 0.5),
  },
  {
    name: "integers with few distinct values",
    values: Float64Array.from({ length: 9000 }, (_, i) => (i * 7919) % 5),
  },
  { name: "three values (too few to fit: min and max)", values: Float64Array.of(5, 1, 3) },
  { name: "a constant", values: new Float64Array(4000).fill(1234) },
];

describe("zscaleLimits agrees with astropy's ZScaleInterval", () => {
  test.each(CASES)("$name", ({ values }) => {
    const [lo, hi] = zscaleLimits(values);
    const [alo, ahi] = astropyLimits(values);
    const width = Math.max(ahi - alo, 1e-9);
    // The same algorithm: agreement to float rounding, well within the "few percent".
    expect(Math.abs(lo - alo) / width).toBeLessThan(1e-6);
    expect(Math.abs(hi - ahi) / width).toBeLessThan(1e-6);
  });

  test("the limits follow an injected background and noise (recovery)", () => {
    const values = sky(100_000, 9, { sky: 5000, noise: 30, stars: 50 });
    const [lo, hi] = zscaleLimits(values);
    // The interval brackets the background and spans some σ of the noise (√(2π)/contrast ≈ 10σ for a Gaussian).
    expect(lo).toBeLessThan(5000);
    expect(hi).toBeGreaterThan(5000);
    expect(hi - lo).toBeGreaterThan(30 * 6);
    expect(hi - lo).toBeLessThan(30 * 16);
  });

  test("takes every stride-th finite value, at most nSamples, sorted", () => {
    const values = Float64Array.from({ length: 25 }, (_, i) => 100 - i);
    values[1] = NaN;
    expect([...zscaleSamples(values, 10)]).toEqual([81, 83, 85, 87, 89, 91, 93, 95, 97, 100]);
  });

  test("an image without a finite value is refused with a named error", () => {
    expect(() => zscaleLimits(Float64Array.of(NaN, Infinity))).toThrow(/no finite value among 2 pixels/);
  });
});

const fixtures = sharedPath("fixtures");

describeShared(
  "real PANOPTES frames are only in ../shared/fixtures",
  "zscale on real PANOPTES frames (../shared/fixtures) against astropy",
  () => {
    const REAL = `
import sys, json, numpy as np
from astropy.io import fits
from astropy.visualization import ZScaleInterval
out = {}
for f in sys.argv[1:]:
    d = fits.getdata(f, 1 if f.endswith('.fz') else 0).astype(np.float64)
    h, w = d.shape[0] // 2 * 2, d.shape[1] // 2 * 2
    green = (d[0:h:2, 1:w:2] + d[1:h:2, 0:w:2]) / 2
    out[f] = {'raw': [float(x) for x in ZScaleInterval().get_limits(d)],
              'green': [float(x) for x in ZScaleInterval().get_limits(green)]}
print(json.dumps(out))
`;
    const files = ["solved.fits.fz", "unsolved.fits", "pole.fits"].map((f) => path.join(fixtures, "fits", f));

    test.each(files)("%s: raw frame and superpixel green channel", async (file) => {
      const reference = runAstropy<Record<string, { raw: [number, number]; green: [number, number] }>>(REAL, [
        file,
      ])[file]!;
      const image = await readImage(await fileByteSource(file), { hdu: file.endsWith(".fz") ? 1 : 0 });
      const [w, h] = image.axes as [number, number];
      const physical = Float64Array.from(
        image.raw as ArrayLike<number>,
        (v) => v * image.bscale + image.bzero,
      );
      const { g } = superpixel({
        raw: image.raw as ArrayLike<number>,
        width: w,
        height: h,
        pattern: "RGGB",
        bscale: image.bscale,
        bzero: image.bzero,
      });
      for (const [ours, theirs] of [
        [zscaleLimits(physical), reference.raw],
        [zscaleLimits(g.values), reference.green],
      ] as const) {
        const width = theirs[1] - theirs[0];
        expect(Math.abs(ours[0] - theirs[0]) / width).toBeLessThan(0.01);
        expect(Math.abs(ours[1] - theirs[1]) / width).toBeLessThan(0.01);
      }
    });
  },
);
