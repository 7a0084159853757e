import { noiseSample, seededRandom } from "./random";

/**
 * Star fields: a sky background with noise, and point sources drawn through a Gaussian PSF into a row-major
 * pixel array. The building blocks (`fillSky`, `renderStars`) take their inputs from the caller, so a generator
 * with known truth (catalogue stars projected through a WCS, say) can place exactly the stars it means to
 * recover; `starField` puts random stars on a random sky for frames that only need to look like the night.
 */

/** A row-major image: `pixels[y * width + x]`, x along a row. */
export interface PixelImage {
  pixels: Uint16Array | Float32Array;
  width: number;
  height: number;
}

/** A point source: centre in pixels (0-based; the centre of the first pixel is 0, 0) and peak above the sky (counts). */
export interface Star {
  x: number;
  y: number;
  peak: number;
}

/** A circular Gaussian PSF: `sigma` in pixels; drawn on the pixels within `radius` pixels of the centre in x and y. */
export interface GaussianPsf {
  sigma: number;
  radius: number;
}

/** The peak (counts) of a Gaussian star of total `flux` (counts) and PSF `sigma` (pixels): flux / (2π sigma²). */
export function peakFromFlux(flux: number, sigma: number): number {
  return flux / (2 * Math.PI * sigma * sigma);
}

/**
 * Sets every pixel to `sky(x, y)` plus `noise()`, clipped to 0..`max`; integer arrays get rounded values.
 * `noise` is called once per pixel in row-major order, so a seeded source makes the same frame every time.
 */
export function fillSky(
  image: PixelImage,
  sky: (x: number, y: number) => number,
  noise: () => number,
  max: number,
): void {
  const { pixels, width, height } = image;
  const round = !(pixels instanceof Float32Array);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = sky(x, y) + noise();
      pixels[y * width + x] = Math.max(0, Math.min(max, round ? Math.round(v) : v));
    }
  }
}

/**
 * Adds each star's PSF, `peak · exp(−r² / 2σ²)` at distance r from its centre, to the pixels within `psf.radius`
 * of the centre (in x and in y; parts outside the image are dropped), clipping at `max`; integer arrays get each
 * contribution rounded. In place.
 */
export function renderStars(image: PixelImage, stars: readonly Star[], psf: GaussianPsf, max: number): void {
  const { pixels, width, height } = image;
  const round = !(pixels instanceof Float32Array);
  const twoSigma2 = 2 * psf.sigma * psf.sigma;
  for (const star of stars) {
    const y0 = Math.max(0, Math.ceil(star.y - psf.radius));
    const y1 = Math.min(height - 1, Math.floor(star.y + psf.radius));
    const x0 = Math.max(0, Math.ceil(star.x - psf.radius));
    const x1 = Math.min(width - 1, Math.floor(star.x + psf.radius));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const add = star.peak * Math.exp(-((x - star.x) ** 2 + (y - star.y) ** 2) / twoSigma2);
        const i = y * width + x;
        pixels[i] = Math.min(max, (pixels[i] ?? 0) + (round ? Math.round(add) : add));
      }
    }
  }
}

/** `count` stars at uniformly random positions in a `width × height` frame, peaks uniform in [min, max). */
export function randomStars(
  random: () => number,
  count: number,
  width: number,
  height: number,
  peak: { min: number; max: number },
): Star[] {
  return Array.from({ length: count }, () => ({
    x: random() * width,
    y: random() * height,
    peak: peak.min + random() * (peak.max - peak.min),
  }));
}

/** What `starField` makes; levels in counts (ADU). */
export interface StarFieldOptions {
  width: number;
  height: number;
  seed: number;
  /** the background at (x, y) before noise */
  sky: (x: number, y: number) => number;
  /** standard deviation of the pixel noise */
  noiseSigma: number;
  stars: number;
  peak: { min: number; max: number };
  psf: GaussianPsf;
  /** largest pixel value (16383 for 14-bit raw, 65535 for uint16 FITS) */
  max: number;
}

/** A noisy sky with `stars` random stars, as uint16 counts; deterministic for a given seed. */
export function starField(o: StarFieldOptions): Uint16Array {
  const random = seededRandom(o.seed);
  const image = { pixels: new Uint16Array(o.width * o.height), width: o.width, height: o.height };
  fillSky(image, o.sky, () => noiseSample(random, o.noiseSigma), o.max);
  renderStars(image, randomStars(random, o.stars, o.width, o.height, o.peak), o.psf, o.max);
  return image.pixels;
}
