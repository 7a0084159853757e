import {
  fillSky,
  noiseSample,
  peakFromFlux,
  randomStars,
  renderStars,
  seededRandom,
  starField,
  uniformMosaic,
} from "@panoptes/demo";

const moments = (values: ArrayLike<number>): { mean: number; sd: number } => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(sq / values.length) };
};

describe("seeded random numbers", () => {
  it("repeat for a seed, differ between seeds, and stay in [0, 1)", () => {
    const a = Array.from({ length: 1000 }, seededRandom(5));
    expect(Array.from({ length: 1000 }, seededRandom(5))).toEqual(a);
    expect(Array.from({ length: 1000 }, seededRandom(6))).not.toEqual(a);
    expect(a.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(moments(a).mean).toBeCloseTo(0.5, 1);
  });

  it("make noise of the standard deviation asked for", () => {
    const random = seededRandom(3);
    const { mean, sd } = moments(Array.from({ length: 20000 }, () => noiseSample(random, 25)));
    expect(Math.abs(mean)).toBeLessThan(0.5);
    expect(sd).toBeGreaterThan(24);
    expect(sd).toBeLessThan(26);
  });

  it("fill a uniform mosaic within its bounds, reaching both ends", () => {
    const m = uniformMosaic(64, 64, 2048, 2060, 1);
    expect(Math.min(...m)).toBe(2048);
    expect(Math.max(...m)).toBe(2059);
  });
});

describe("star fields", () => {
  it("recover an injected star's centre and total flux from its rendering", () => {
    const width = 40;
    const height = 30;
    const image = { pixels: new Float32Array(width * height), width, height };
    const sigma = 1.6;
    const flux = 50_000;
    const star = { x: 17.3, y: 12.8, peak: peakFromFlux(flux, sigma) };
    renderStars(image, [star], { sigma, radius: 10 }, Infinity);
    let sum = 0;
    let sx = 0;
    let sy = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = image.pixels[y * width + x]!;
        sum += v;
        sx += v * x;
        sy += v * y;
      }
    }
    expect(sum / flux).toBeCloseTo(1, 3);
    expect(sx / sum).toBeCloseTo(star.x, 3);
    expect(sy / sum).toBeCloseTo(star.y, 3);
    const brightest = image.pixels.indexOf(Math.max(...image.pixels));
    expect([brightest % width, Math.floor(brightest / width)]).toEqual([17, 13]);
  });

  it("draws only within the PSF radius, clips at the frame edge and at max", () => {
    const image = { pixels: new Uint16Array(10 * 10), width: 10, height: 10 };
    renderStars(image, [{ x: 0, y: 0, peak: 70000 }], { sigma: 1, radius: 2 }, 65535);
    const lit = [...image.pixels.keys()].filter((i) => image.pixels[i]! > 0);
    expect(lit.every((i) => i % 10 <= 2 && Math.floor(i / 10) <= 2)).toBe(true);
    expect(image.pixels[0]).toBe(65535);
  });

  it("lays a sky of the asked level, gradient and noise", () => {
    const image = { pixels: new Uint16Array(200 * 100), width: 200, height: 100 };
    const random = seededRandom(9);
    fillSky(
      image,
      (x) => 1000 + x,
      () => noiseSample(random, 10),
      65535,
    );
    const residual = Array.from(image.pixels, (v, i) => v - (1000 + (i % 200)));
    const { mean, sd } = moments(residual);
    expect(Math.abs(mean)).toBeLessThan(0.5);
    expect(sd).toBeGreaterThan(9.5);
    expect(sd).toBeLessThan(10.5);
  });

  it("puts the random stars of its seed on the sky, the same every time", () => {
    const options = {
      width: 120,
      height: 80,
      seed: 4,
      sky: () => 2000,
      noiseSigma: 5,
      stars: 12,
      peak: { min: 3000, max: 6000 },
      psf: { sigma: 1.2, radius: 4 },
      max: 65535,
    };
    const frame = starField(options);
    expect(starField(options)).toEqual(frame);
    expect(starField({ ...options, seed: 5 })).not.toEqual(frame);
    // the stars are those randomStars draws after the sky's noise: each stands out at its centre
    const random = seededRandom(4);
    for (let i = 0; i < 120 * 80; i++) noiseSample(random, 5);
    const stars = randomStars(random, 12, 120, 80, options.peak);
    for (const s of stars) {
      const x = Math.min(119, Math.round(s.x));
      const y = Math.min(79, Math.round(s.y));
      expect(frame[y * 120 + x]!).toBeGreaterThan(2000 + 0.5 * 3000);
    }
  });
});
