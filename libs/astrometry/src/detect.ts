import { estimateBackground } from "./background";
import { superpixels, superpixelToStored } from "./superpixels";

/** A detected star: centroid in FITS 1-based pixels of the stored image, background-subtracted flux (ADU). */
export interface DetectedStar {
  readonly x: number;
  readonly y: number;
  readonly flux: number;
  /** Highest superpixel value above the background (ADU, sum of the 4 photosites). */
  readonly peak: number;
  /** Superpixels in the detection. */
  readonly area: number;
  /** Major over minor axis of the flux-weighted second moments: about 1 for a star, more for a blend. */
  readonly elongation: number;
}

/** Options of detectStars; the defaults suit PANOPTES frames (FWHM ≈ 2-3 pixels). */
export interface DetectOptions {
  /** Detection threshold in σ of the smoothed superpixel image (default 5). */
  readonly thresholdSigma?: number;
  /** Fewest superpixels above the threshold for a detection (default 3; rejects hot pixels). */
  readonly minArea?: number;
  /** Background mesh cell, in superpixels (default 32). */
  readonly backgroundCell?: number;
}

/** What detectStars found: the stars sorted by flux (brightest first) and the sky it measured. */
export interface Detection {
  readonly stars: DetectedStar[];
  /** Sky level and noise per superpixel (ADU, sum of 4 photosites). */
  readonly background: number;
  readonly noise: number;
}

/**
 * Find stars on an RGGB mosaic: 2×2 superpixels, a meshed background and its noise, a 3×3 binomial
 * smoothing (a matched filter for a star of FWHM ≈ 2 superpixels), a threshold at `thresholdSigma` of
 * the smoothed noise, 8-connected components, and for each component a flux-weighted centroid and the
 * flux of the unsmoothed superpixels. `pixels` is the stored image, `width` = NAXIS1 (x fastest).
 * Coordinates are FITS 1-based pixels of the stored image (centre of the first pixel at 1.0).
 */
export function detectStars(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  options: DetectOptions = {},
): Detection {
  const k = options.thresholdSigma ?? 5;
  const minArea = options.minArea ?? 3;
  const plane = superpixels(pixels, width, height);
  const { width: w, height: h, data } = plane;
  const background = estimateBackground(plane, options.backgroundCell ?? 32);
  const residual = new Float32Array(w * h);
  for (let i = 0; i < residual.length; i++)
    residual[i] = (data[i] as number) - (background.level[i] as number);
  const smooth = binomialSmooth(residual, w, h);
  // A 3×3 binomial kernel reduces white noise by sqrt(Σ w²) = 0.375.
  const threshold = k * background.sigma * 0.375;

  const label = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  const stars: DetectedStar[] = [];
  for (let start = 0; start < smooth.length; start++) {
    if (label[start] !== 0 || (smooth[start] as number) <= threshold) continue;
    label[start] = 1;
    let top = 0;
    stack[top++] = start;
    let area = 0;
    let sum = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    let peak = -Infinity;
    let peakAt = start;
    while (top > 0) {
      const p = stack[--top] as number;
      const px = p % w;
      const py = (p - px) / w;
      const v = residual[p] as number;
      const weight = v > 0 ? v : 0;
      area++;
      sum += weight;
      sx += weight * px;
      sy += weight * py;
      sxx += weight * px * px;
      syy += weight * py * py;
      sxy += weight * px * py;
      if (v > peak) {
        peak = v;
        peakAt = p;
      }
      for (let dy = -1; dy <= 1; dy++) {
        const yy = py + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = px + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (label[q] === 0 && (smooth[q] as number) > threshold) {
            label[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    if (area < minArea || sum <= 0) continue;
    // A compact detection is centred on a window around its peak, so a faint neighbour merged into the
    // same component does not pull the centroid; a large one (a saturated star) by its whole area.
    const centre =
      area > LARGE_AREA
        ? { x: sx / sum, y: sy / sum }
        : windowCentroid(residual, w, h, peakAt % w, Math.floor(peakAt / w));
    const mx = sx / sum;
    const my = sy / sum;
    stars.push({
      x: superpixelToStored(centre.x),
      y: superpixelToStored(centre.y),
      flux: sum,
      peak,
      area,
      elongation: elongation(sxx / sum - mx * mx, syy / sum - my * my, sxy / sum - mx * my),
    });
  }
  stars.sort((a, b) => b.flux - a.flux);
  let sky = 0;
  for (let i = 0; i < background.level.length; i++) sky += background.level[i] as number;
  return { stars, background: sky / Math.max(1, background.level.length), noise: background.sigma };
}

const LARGE_AREA = 30;

function elongation(xx: number, yy: number, xy: number): number {
  const mean = (xx + yy) / 2;
  const diff = Math.sqrt(((xx - yy) / 2) ** 2 + xy * xy);
  const minor = mean - diff;
  return minor > 1e-6 ? Math.sqrt((mean + diff) / minor) : Infinity;
}
const WINDOW = 2;

function windowCentroid(
  residual: Float32Array,
  w: number,
  h: number,
  x0: number,
  y0: number,
): { x: number; y: number } {
  let cx = x0;
  let cy = y0;
  for (let iteration = 0; iteration < 3; iteration++) {
    const ix = Math.round(cx);
    const iy = Math.round(cy);
    let sum = 0;
    let sx = 0;
    let sy = 0;
    for (let y = Math.max(0, iy - WINDOW); y <= Math.min(h - 1, iy + WINDOW); y++) {
      for (let x = Math.max(0, ix - WINDOW); x <= Math.min(w - 1, ix + WINDOW); x++) {
        const v = residual[y * w + x] as number;
        if (v <= 0) continue;
        sum += v;
        sx += v * x;
        sy += v * y;
      }
    }
    if (sum <= 0) break;
    cx = sx / sum;
    cy = sy / sum;
  }
  return { x: cx, y: cy };
}

function binomialSmooth(src: Float32Array, w: number, h: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const l = src[row + (x > 0 ? x - 1 : x)] as number;
      const r = src[row + (x < w - 1 ? x + 1 : x)] as number;
      tmp[row + x] = 0.25 * l + 0.5 * (src[row + x] as number) + 0.25 * r;
    }
  }
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : y) * w;
    const down = (y < h - 1 ? y + 1 : y) * w;
    const row = y * w;
    for (let x = 0; x < w; x++)
      out[row + x] =
        0.25 * (tmp[up + x] as number) + 0.5 * (tmp[row + x] as number) + 0.25 * (tmp[down + x] as number);
  }
  return out;
}
