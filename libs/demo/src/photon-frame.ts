import { gaussianSample, seededRandom } from "./random";
import { CAMERA } from "./sky-frame";

/**
 * Raw Bayer frames with photon statistics, for photometry: stars are pixel-integrated Gaussians, noise is Poisson
 * in electrons plus read noise, so the CCD equation is the truth a photometry test can be held to.
 */

/** A star to render: mosaic position (0-based), electrons per channel in the whole PSF. */
export interface PhotonStar {
  x: number;
  y: number;
  electrons: { r: number; g: number; b: number };
}

export interface PhotonFrameOptions {
  width: number;
  height: number;
  /** Gaussian PSF sigma in mosaic pixels */
  sigma: number;
  /** sky, electrons per mosaic pixel */
  sky: number;
  bias: number;
  gain: number;
  readNoise: number;
  /** ADU ceiling of the sensor */
  ceiling: number;
  seed: number;
}

/**
 * The frame the photometry tests and `bench:photometry` render: a PANOPTES camera ({@link CAMERA}: bias, gain,
 * read noise), a 2.6-pixel PSF sigma on 300 e⁻ of sky, clipped at 15000 ADU. Callers add size, seed and stars.
 */
export const PHOTOMETRY_FRAME = {
  sigma: 2.6,
  sky: 300,
  bias: CAMERA.bias,
  gain: CAMERA.gain,
  readNoise: CAMERA.readNoise,
  ceiling: 15000,
} as const satisfies Partial<PhotonFrameOptions>;

/** Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

/** Channel of mosaic pixel (x, y) for the stored GBRG layout (row 0: G B, row 1: R G). */
export function gbrgChannel(x: number, y: number): "r" | "g" | "b" {
  if (y % 2 === 0) return x % 2 === 0 ? "g" : "b";
  return x % 2 === 0 ? "r" : "g";
}

/**
 * A raw Bayer frame (uint16 ADU, stored GBRG) with stars as pixel-integrated Gaussians. Each G site receives half
 * the star's G electrons' density (two G sites per cell), R and B a quarter-cell each; Poisson noise (normal
 * approximation above 30 e⁻), read noise, bias, clipped at `ceiling`.
 */
export function renderBayerFrame(stars: readonly PhotonStar[], o: PhotonFrameOptions): Uint16Array {
  const random = seededRandom(o.seed);
  const gauss = () => gaussianSample(random);
  /** Knuth's Poisson draw, for the faint pixels where the normal approximation fails. */
  const poisson = (lambda: number) => {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= random();
    } while (p > l);
    return k - 1;
  };
  const expected = new Float64Array(o.width * o.height).fill(o.sky);
  const cdf = (v: number) => 0.5 * (1 + erf(v / (Math.SQRT2 * o.sigma)));
  const reach = Math.ceil(6 * o.sigma);
  for (const s of stars) {
    for (
      let y = Math.max(0, Math.floor(s.y) - reach);
      y <= Math.min(o.height - 1, Math.floor(s.y) + reach);
      y++
    ) {
      const fy = cdf(y + 0.5 - s.y) - cdf(y - 0.5 - s.y);
      for (
        let x = Math.max(0, Math.floor(s.x) - reach);
        x <= Math.min(o.width - 1, Math.floor(s.x) + reach);
        x++
      ) {
        const ch = gbrgChannel(x, y);
        // A channel's sites cover 1/4 (R, B) or 1/2 (G) of the pixels: scale so they collect the channel's total.
        const share = ch === "g" ? 2 : 4;
        expected[y * o.width + x] =
          expected[y * o.width + x]! +
          share * s.electrons[ch] * fy * (cdf(x + 0.5 - s.x) - cdf(x - 0.5 - s.x));
      }
    }
  }
  const out = new Uint16Array(o.width * o.height);
  for (let k = 0; k < out.length; k++) {
    const lambda = expected[k]!;
    // above 30 e⁻ the Poisson draw is normal: one draw carries shot and read noise together
    const electrons =
      lambda > 30
        ? lambda + Math.sqrt(lambda + o.readNoise ** 2) * gauss()
        : poisson(lambda) + o.readNoise * gauss();
    out[k] = Math.max(0, Math.min(o.ceiling, Math.round(o.bias + electrons / o.gain)));
  }
  return out;
}
