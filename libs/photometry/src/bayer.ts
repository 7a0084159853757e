import type { Plane } from "./aperture";

/** The colour channels measured: red, green (both green sites added) and blue. */
export const CHANNELS = ["r", "g", "b"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A 2×2 colour filter layout as stored: the first stored row (FITS row 1, the bottom of the image) left to right,
 * then the second. PANOPTES FITS are Canon RGGB mosaics written bottom-up (the RGGB cell is at the upper left
 * when the image is shown with row 1 at the bottom), so with an even number of rows the stored order is GBRG.
 */
export const STORED_PATTERNS = ["GBRG", "RGGB", "BGGR", "GRBG"] as const;
export type StoredPattern = (typeof STORED_PATTERNS)[number];

/** One of the four sites of the 2×2 cell: its channel and its offset (dx, dy) in mosaic pixels. */
export interface BayerSite {
  channel: Channel;
  dx: 0 | 1;
  dy: 0 | 1;
}

/** The four sites of a stored pattern, in storage order. */
export function bayerSites(pattern: StoredPattern): BayerSite[] {
  const offsets: Array<[0 | 1, 0 | 1]> = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  return offsets.map(([dx, dy], k) => ({
    channel: pattern[k]!.toLowerCase() as Channel,
    dx,
    dy,
  }));
}

/** One colour site of a mosaic as a half-size plane: pixel (i, j) is mosaic pixel (2i + dx, 2j + dy). */
export interface SitePlane extends Plane {
  readonly site: BayerSite;
  readonly data: Float32Array;
}

/**
 * Splits a raw mosaic (ADU) into its four colour-site planes with `bias` (ADU) subtracted. Odd trailing rows or
 * columns are dropped. The raw values are kept apart so saturation is judged on what the sensor recorded.
 */
export function splitMosaic(
  raw: ArrayLike<number>,
  width: number,
  height: number,
  pattern: StoredPattern,
  bias: number,
): SitePlane[] {
  const w = width >> 1;
  const h = height >> 1;
  return bayerSites(pattern).map((site) => {
    const data = new Float32Array(w * h);
    for (let j = 0; j < h; j++) {
      const row = (2 * j + site.dy) * width + site.dx;
      for (let i = 0; i < w; i++) data[j * w + i] = raw[row + 2 * i]! - bias;
    }
    return { site, data, width: w, height: h };
  });
}

/** Mosaic pixel coordinates (0-based) → coordinates in a site plane. */
export function toSitePlane(x: number, y: number, site: BayerSite): { x: number; y: number } {
  return { x: (x - site.dx) / 2, y: (y - site.dy) / 2 };
}
