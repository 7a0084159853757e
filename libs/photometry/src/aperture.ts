/**
 * Exact circular apertures on a pixel grid. Pixel (i, j) covers [i - 0.5, i + 0.5] × [j - 0.5, j + 0.5]: 0-based
 * coordinates with pixel centres on integers, as photutils uses (FITS 1-based = 0-based + 1). The weight of a pixel
 * is the exact area of its overlap with the circle (photutils' `method="exact"`), so a star's measured flux does not
 * jump as its centroid drifts across pixel boundaries from frame to frame.
 */

/** ∫ from -r to t of sqrt(r² - u²) du, for t in [-r, r]. */
function halfDiscArea(t: number, r: number): number {
  const c = Math.max(-r, Math.min(r, t));
  return 0.5 * (c * Math.sqrt(Math.max(0, r * r - c * c)) + r * r * Math.asin(c / r)) + (Math.PI * r * r) / 4;
}

/** Area of the circle of radius r about the origin between X = p and X = q (0 unless q > p). */
function fullStrip(p: number, q: number, r: number): number {
  return q > p ? 2 * (halfDiscArea(q, r) - halfDiscArea(p, r)) : 0;
}

/** Area of the circle of radius r about the origin between X = p and X = q and below Y = y (0 unless q > p). */
function chordStrip(p: number, q: number, y: number, r: number): number {
  return q > p ? y * (q - p) + halfDiscArea(q, r) - halfDiscArea(p, r) : 0;
}

/** Area of the part of the circle of radius r about the origin with X < x and Y < y. */
function quadrantArea(x: number, y: number, r: number): number {
  // Plain functions, not closures: this runs for every edge pixel of every aperture.
  const b = Math.min(x, r);
  if (b <= -r || y <= -r) return 0;
  if (y >= r) return fullStrip(-r, b, r);
  const h = Math.sqrt(r * r - y * y);
  // For |t| < h the horizontal line Y = y cuts the chord at X = t; outside it the chord lies wholly below
  // (y ≥ 0) or wholly above (y < 0) the line.
  const middle = chordStrip(-h, Math.min(b, h), y, r);
  if (y >= 0) return fullStrip(-r, Math.min(b, -h), r) + middle + fullStrip(h, b, r);
  return middle;
}

/** Area (in pixels) of the overlap of pixel (i, j) with the circle of radius r about (cx, cy). */
export function pixelOverlap(i: number, j: number, cx: number, cy: number, r: number): number {
  const x0 = i - 0.5 - cx;
  const x1 = i + 0.5 - cx;
  const y0 = j - 0.5 - cy;
  const y1 = j + 0.5 - cy;
  const nearX = x0 > 0 ? x0 : x1 < 0 ? x1 : 0;
  const nearY = y0 > 0 ? y0 : y1 < 0 ? y1 : 0;
  if (nearX * nearX + nearY * nearY >= r * r) return 0;
  const farX = Math.max(Math.abs(x0), Math.abs(x1));
  const farY = Math.max(Math.abs(y0), Math.abs(y1));
  if (farX * farX + farY * farY <= r * r) return 1;
  const area =
    quadrantArea(x1, y1, r) - quadrantArea(x0, y1, r) - quadrantArea(x1, y0, r) + quadrantArea(x0, y0, r);
  return Math.max(0, Math.min(1, area));
}

/** A 2-D image: row-major pixel values, `width` columns by `height` rows. */
export interface Plane {
  readonly data: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
}

/** What a circular aperture collected: Σ weight·value, Σ weight (pixels), and the largest value it touched. */
export interface ApertureSum {
  sum: number;
  area: number;
  max: number;
  /** true when the circle reaches beyond the plane (the sum then covers only the part inside) */
  clipped: boolean;
}

/** Exact-overlap sum of `plane` in the circle of radius `r` (pixels) about (cx, cy) (0-based pixel coordinates). */
export function apertureSum(plane: Plane, cx: number, cy: number, r: number): ApertureSum {
  const { data, width, height } = plane;
  const i0 = Math.floor(cx - r + 0.5);
  const i1 = Math.ceil(cx + r - 0.5);
  const j0 = Math.floor(cy - r + 0.5);
  const j1 = Math.ceil(cy + r - 0.5);
  const clipped = i0 < 0 || j0 < 0 || i1 >= width || j1 >= height;
  let sum = 0;
  let area = 0;
  let max = -Infinity;
  for (let j = Math.max(0, j0); j <= Math.min(height - 1, j1); j++) {
    for (let i = Math.max(0, i0); i <= Math.min(width - 1, i1); i++) {
      const w = pixelOverlap(i, j, cx, cy, r);
      if (w <= 0) continue;
      const v = data[j * width + i]!;
      sum += w * v;
      area += w;
      if (v > max) max = v;
    }
  }
  return { sum, area, max, clipped };
}

/**
 * The values of the pixels whose centres lie in the annulus rIn ≤ d < rOut about (cx, cy) (photutils'
 * `method="center"`, the usual choice for a sky annulus), and whether the annulus reaches beyond the plane.
 */
export function annulusValues(
  plane: Plane,
  cx: number,
  cy: number,
  rIn: number,
  rOut: number,
): { values: Float64Array; clipped: boolean } {
  const { data, width, height } = plane;
  const i0 = Math.floor(cx - rOut);
  const i1 = Math.ceil(cx + rOut);
  const j0 = Math.floor(cy - rOut);
  const j1 = Math.ceil(cy + rOut);
  const clipped = i0 < 0 || j0 < 0 || i1 >= width || j1 >= height;
  const out: number[] = [];
  const in2 = rIn * rIn;
  const out2 = rOut * rOut;
  for (let j = Math.max(0, j0); j <= Math.min(height - 1, j1); j++) {
    const dy2 = (j - cy) ** 2;
    for (let i = Math.max(0, i0); i <= Math.min(width - 1, i1); i++) {
      const d2 = (i - cx) ** 2 + dy2;
      if (d2 >= in2 && d2 < out2) out.push(data[j * width + i]!);
    }
  }
  return { values: Float64Array.from(out), clipped };
}
