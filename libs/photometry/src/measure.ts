import { annulusValues, apertureSum, type Plane } from "./aperture";
import {
  type Channel,
  CHANNELS,
  type SitePlane,
  splitMosaic,
  type StoredPattern,
  toSitePlane,
} from "./bayer";
import { ccdVariance } from "./ccd-noise";
import { median, sigmaClippedStats } from "./sigma-clip";

/** Parameters of per-frame aperture photometry. Radii are in superpixels (2×2 mosaic cells = site-plane pixels). */
export interface PhotometryParams {
  apertureRadius: number;
  annulusInner: number;
  annulusOuter: number;
  /** ADU subtracted from every raw value (PANOPTES: 2048) */
  bias: number;
  /** raw ADU at or above which a pixel counts as saturated (PANOPTES: 11530) */
  saturation: number;
  /** e⁻/ADU */
  gain: number;
  /** e⁻ per pixel */
  readNoise: number;
  pattern: StoredPattern;
  /** a star whose green signal-to-noise is below this is flagged `low_signal` */
  lowSignalSnr: number;
  /** a centroid more than this far (superpixels) from the predicted position is not trusted */
  maxCentroidShift: number;
}

export const DEFAULT_PHOTOMETRY: PhotometryParams = {
  apertureRadius: 3,
  annulusInner: 6,
  annulusOuter: 9,
  bias: 2048,
  saturation: 11530,
  gain: 1.5,
  readNoise: 10.5,
  pattern: "GBRG",
  lowSignalSnr: 5,
  maxCentroidShift: 2,
};

/** Flags a measurement can carry. */
export const STAR_FLAGS = ["saturated", "near_edge", "low_signal", "centroid_failed", "blended"] as const;
export type StarFlag = (typeof STAR_FLAGS)[number];

/** A star to measure: its id and its predicted position in 0-based mosaic pixel coordinates. */
export interface StarPosition {
  id: string;
  x: number;
  y: number;
}

/** One channel's aperture flux (ADU, background-subtracted) and its CCD-equation error. */
export interface ChannelFlux {
  flux: number;
  flux_err: number;
  /** sky per pixel, ADU above bias (for G: the mean of the two green sites) */
  sky: number;
}

/** A star measured on one frame. */
export interface StarMeasurement {
  id: string;
  /** measured centroid, 0-based mosaic pixels */
  x: number;
  y: number;
  flux: Record<Channel, ChannelFlux>;
  /** second-moment FWHM (superpixels) and elongation (major/minor axis) of the star image, NaN when unmeasured */
  fwhm: number;
  elongation: number;
  flags: StarFlag[];
}

/** Sum of the four bias-subtracted site planes: one value per 2×2 cell, centred at mosaic (2i + 0.5, 2j + 0.5). */
function superpixelPlane(sites: SitePlane[]): Plane {
  const { width, height } = sites[0]!;
  const data = new Float32Array(width * height);
  for (const s of sites) for (let k = 0; k < data.length; k++) data[k] = data[k]! + s.data[k]!;
  return { data, width, height };
}

interface Centroid {
  x: number;
  y: number;
  fwhm: number;
  elongation: number;
}

/** Background-subtracted first and second moments in a circle of radius r about (cx, cy) on `plane`. */
function moments(plane: Plane, cx: number, cy: number, r: number, background: number): Centroid | null {
  const { data, width, height } = plane;
  let s = 0;
  let sx = 0;
  let sy = 0;
  const pts: Array<[number, number, number]> = [];
  for (let j = Math.max(0, Math.floor(cy - r)); j <= Math.min(height - 1, Math.ceil(cy + r)); j++) {
    for (let i = Math.max(0, Math.floor(cx - r)); i <= Math.min(width - 1, Math.ceil(cx + r)); i++) {
      if ((i - cx) ** 2 + (j - cy) ** 2 > r * r) continue;
      const v = data[j * width + i]! - background;
      if (v <= 0) continue;
      s += v;
      sx += v * i;
      sy += v * j;
      pts.push([i, j, v]);
    }
  }
  if (s <= 0) return null;
  const x = sx / s;
  const y = sy / s;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (const [i, j, v] of pts) {
    xx += v * (i - x) ** 2;
    yy += v * (j - y) ** 2;
    xy += v * (i - x) * (j - y);
  }
  xx /= s;
  yy /= s;
  xy /= s;
  const t = (xx + yy) / 2;
  const d = Math.sqrt(((xx - yy) / 2) ** 2 + xy * xy);
  const major = Math.max(1e-9, t + d);
  const minor = Math.max(1e-9, t - d);
  return { x, y, fwhm: 2.3548 * Math.sqrt((major + minor) / 2), elongation: Math.sqrt(major / minor) };
}

/**
 * Refines a star's position on the superpixel plane: background from a sigma-clipped annulus, then three passes of
 * a flux-weighted centroid in the aperture. Returns null when no signal is found.
 */
function refineCentroid(plane: Plane, px: number, py: number, p: PhotometryParams): Centroid | null {
  const sky = sigmaClippedStats(annulusValues(plane, px, py, p.annulusInner, p.annulusOuter).values);
  const threshold = sky.median + 2 * sky.std;
  let c: Centroid | null = { x: px, y: py, fwhm: NaN, elongation: NaN };
  for (let pass = 0; pass < 3 && c; pass++) c = moments(plane, c.x, c.y, p.apertureRadius, threshold);
  if (!c) return null;
  // second moments above the background only (not above the detection threshold) for the image shape
  const shape = moments(plane, c.x, c.y, p.apertureRadius, sky.median);
  return shape ? { ...c, fwhm: shape.fwhm, elongation: shape.elongation } : c;
}

/**
 * Aperture photometry of `stars` on one raw Bayer frame (row-major ADU, `width` × `height` mosaic pixels), per
 * colour: R, G (both green sites summed) and B, each with its own sky annulus (sigma-clipped median) and CCD error.
 * Positions are refined by centroiding (falling back to the prediction, flagged, when the centroid is lost or moves
 * more than `maxCentroidShift`). The frame's pixels are read once; nothing of it is kept.
 */
export function measureFrame(
  raw: ArrayLike<number>,
  width: number,
  height: number,
  stars: readonly StarPosition[],
  params: PhotometryParams = DEFAULT_PHOTOMETRY,
): StarMeasurement[] {
  const sites = splitMosaic(raw, width, height, params.pattern, params.bias);
  const superpixels = superpixelPlane(sites);
  return stars.map((star) => measureStar(sites, superpixels, star, params));
}

function measureStar(
  sites: SitePlane[],
  superpixels: Plane,
  star: StarPosition,
  p: PhotometryParams,
): StarMeasurement {
  const flags = new Set<StarFlag>();
  const sx = (star.x - 0.5) / 2;
  const sy = (star.y - 0.5) / 2;
  let x = star.x;
  let y = star.y;
  let fwhm = NaN;
  let elongation = NaN;
  const c = refineCentroid(superpixels, sx, sy, p);
  if (c && Math.hypot(c.x - sx, c.y - sy) <= p.maxCentroidShift) {
    x = 2 * c.x + 0.5;
    y = 2 * c.y + 0.5;
    fwhm = c.fwhm;
    elongation = c.elongation;
  } else {
    flags.add("centroid_failed");
  }
  const acc: Record<Channel, { flux: number; variance: number; skies: number[] }> = {
    r: { flux: 0, variance: 0, skies: [] },
    g: { flux: 0, variance: 0, skies: [] },
    b: { flux: 0, variance: 0, skies: [] },
  };
  for (const plane of sites) {
    const at = toSitePlane(x, y, plane.site);
    const ap = apertureSum(plane, at.x, at.y, p.apertureRadius);
    const ann = annulusValues(plane, at.x, at.y, p.annulusInner, p.annulusOuter);
    if (ap.clipped || ann.clipped) flags.add("near_edge");
    if (ap.max + p.bias >= p.saturation) flags.add("saturated");
    const sky = sigmaClippedStats(ann.values);
    const skyLevel = Number.isFinite(sky.median) ? sky.median : 0;
    const flux = ap.sum - skyLevel * ap.area;
    const a = acc[plane.site.channel];
    a.flux += flux;
    a.variance += ccdVariance(flux, ap.area, skyLevel, sky.n, p.gain, p.readNoise);
    a.skies.push(skyLevel);
  }
  const flux = Object.fromEntries(
    CHANNELS.map((ch) => [
      ch,
      { flux: acc[ch].flux, flux_err: Math.sqrt(acc[ch].variance), sky: median(acc[ch].skies) },
    ]),
  ) as Record<Channel, ChannelFlux>;
  if (!(flux.g.flux / flux.g.flux_err >= p.lowSignalSnr)) flags.add("low_signal");
  return { id: star.id, x, y, flux, fwhm, elongation, flags: [...flags] };
}

/**
 * Ids of stars with a neighbour closer than `radius` (mosaic pixels) that is at least `fluxRatio` as bright
 * (from catalogue magnitudes): their apertures or sky annuli are contaminated.
 */
export function blendedStars(
  stars: ReadonlyArray<StarPosition & { mag: number }>,
  radius: number,
  fluxRatio = 0.1,
): Set<string> {
  const cell = Math.max(1, radius);
  const grid = new Map<string, number[]>();
  const key = (i: number, j: number) => `${i},${j}`;
  stars.forEach((s, k) => {
    const id = key(Math.floor(s.x / cell), Math.floor(s.y / cell));
    (grid.get(id) ?? grid.set(id, []).get(id)!).push(k);
  });
  const out = new Set<string>();
  const dm = -2.5 * Math.log10(fluxRatio);
  stars.forEach((s, k) => {
    const ci = Math.floor(s.x / cell);
    const cj = Math.floor(s.y / cell);
    for (let dj = -1; dj <= 1; dj++)
      for (let di = -1; di <= 1; di++)
        for (const n of grid.get(key(ci + di, cj + dj)) ?? []) {
          if (n === k) continue;
          const o = stars[n]!;
          if (Math.hypot(o.x - s.x, o.y - s.y) < radius && o.mag <= s.mag + dm) out.add(s.id);
        }
  });
  return out;
}
