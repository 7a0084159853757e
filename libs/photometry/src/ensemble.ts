import { finiteMedian } from "./robust";
import { sigmaClippedStats } from "./sigma-clip";

/** How comparison stars are chosen and rejected for one target. */
export interface EnsembleParams {
  /** comparisons kept at most (the nearest in magnitude and colour) */
  maxComparisons: number;
  /** fewer than this leaves the target without a lightcurve */
  minComparisons: number;
  /** |Δmag| first allowed; widened step by step up to `maxMagWindow` until `minComparisons` are found */
  magWindow: number;
  maxMagWindow: number;
  /** |Δcolour| allowed when both colours are known (mag; B−V or its instrumental stand-in) */
  colourWindow: number;
  /** a comparison whose scatter against the others exceeds this multiple of its expected noise is rejected */
  varianceRatio: number;
  /** a comparison must be measured (finite, unflagged) in at least this fraction of the frames */
  minValidFraction: number;
}

export const DEFAULT_ENSEMBLE: EnsembleParams = {
  maxComparisons: 12,
  minComparisons: 3,
  magWindow: 1,
  maxMagWindow: 2.5,
  colourWindow: 0.5,
  varianceRatio: 2.5,
  minValidFraction: 0.8,
};

/** A star's series in one channel: fluxes and errors per frame (NaN where unmeasured or flagged). */
export interface ChannelSeries {
  id: string;
  mag: number;
  colour: number | null;
  /** may serve as a comparison (not saturated, not blended, not near an edge in any frame) */
  eligible: boolean;
  flux: Float64Array;
  err: Float64Array;
}

/** A differential lightcurve of one star in one channel. */
export interface DifferentialCurve {
  /** target flux over the weighted ensemble, normalised to its median (NaN where unmeasured) */
  flux: Float64Array;
  err: Float64Array;
  comparisons: string[];
  rejected: Array<{ id: string; reason: string }>;
}

interface Comparison {
  id: string;
  norm: Float64Array;
  rel: Float64Array;
  weight: number;
  expected: number;
}

function normalised(s: ChannelSeries): Comparison {
  const m = finiteMedian(s.flux);
  const norm = s.flux.map((v) => v / m);
  const rel = s.flux.map((v, f) => s.err[f]! / v);
  const expected = finiteMedian(rel);
  return { id: s.id, norm, rel, weight: 1 / (expected * expected), expected };
}

/** Weighted mean of the comparisons' normalised fluxes per frame, and its relative error; skipping `exclude`. */
function ensembleOf(comps: Comparison[], frames: number, exclude?: Comparison) {
  const flux = new Float64Array(frames);
  const rel = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sw = 0;
    let s = 0;
    let v = 0;
    for (const c of comps) {
      if (c === exclude || !Number.isFinite(c.norm[f]!)) continue;
      sw += c.weight;
      s += c.weight * c.norm[f]!;
      v += (c.weight * c.rel[f]!) ** 2;
    }
    flux[f] = sw > 0 ? s / sw : NaN;
    rel[f] = sw > 0 ? Math.sqrt(v) / sw : NaN;
  }
  return { flux, rel };
}

/** Frames with a positive finite flux, per series (counted once: every target of a run looks at every series). */
const positiveFrames = new WeakMap<ChannelSeries, number>();
function positiveFrameCount(s: ChannelSeries): number {
  let n = positiveFrames.get(s);
  if (n === undefined) {
    n = 0;
    for (const v of s.flux) if (Number.isFinite(v) && v > 0) n++;
    positiveFrames.set(s, n);
  }
  return n;
}

function candidates(
  target: ChannelSeries,
  all: readonly ChannelSeries[],
  p: EnsembleParams,
): ChannelSeries[] {
  const frames = target.flux.length;
  const usable = all.filter(
    (s) =>
      s.id !== target.id &&
      s.eligible &&
      positiveFrameCount(s) >= p.minValidFraction * frames &&
      (s.colour === null || target.colour === null || Math.abs(s.colour - target.colour) <= p.colourWindow),
  );
  let window = p.magWindow;
  let chosen = usable.filter((s) => Math.abs(s.mag - target.mag) <= window);
  while (chosen.length < p.minComparisons && window < p.maxMagWindow) {
    window = Math.min(p.maxMagWindow, window + 0.5);
    chosen = usable.filter((s) => Math.abs(s.mag - target.mag) <= window);
  }
  const distance = (s: ChannelSeries) =>
    Math.abs(s.mag - target.mag) +
    (s.colour !== null && target.colour !== null ? Math.abs(s.colour - target.colour) : 0);
  return chosen.sort((a, b) => distance(a) - distance(b)).slice(0, p.maxComparisons);
}

/**
 * Ensemble differential photometry of `target` against comparison stars of similar brightness and colour from
 * `all`: comparisons are weighted by their inverse relative variance; the one varying most beyond its expected
 * noise (scatter of its own curve against the rest) is dropped, one at a time, until none exceeds `varianceRatio`.
 * Errors combine the target's and the ensemble's relative errors. Null when fewer than `minComparisons` remain.
 */
export function differentialCurve(
  target: ChannelSeries,
  all: readonly ChannelSeries[],
  params: EnsembleParams = DEFAULT_ENSEMBLE,
): DifferentialCurve | null {
  const frames = target.flux.length;
  let comps = candidates(target, all, params).map(normalised);
  const rejected: DifferentialCurve["rejected"] = [];
  while (comps.length > params.minComparisons) {
    let worst: { c: Comparison; ratio: number } | null = null;
    for (const c of comps) {
      const rest = ensembleOf(comps, frames, c);
      // A 5σ-clipped standard deviation: it ignores a stray cosmic ray but, unlike a MAD, sees a comparison that
      // dims for a third of the night (a transit or eclipse of its own).
      const scatter = sigmaClippedStats(
        c.norm.map((v, f) => v / rest.flux[f]!),
        5,
      ).std;
      const ratio = scatter / Math.hypot(c.expected, finiteMedian(rest.rel));
      if (!worst || ratio > worst.ratio) worst = { c, ratio };
    }
    if (!worst || !(worst.ratio > params.varianceRatio)) break;
    rejected.push({
      id: worst.c.id,
      reason: `varies: scatter ${worst.ratio.toFixed(1)}× its expected noise`,
    });
    comps = comps.filter((c) => c !== worst!.c);
  }
  if (comps.length < params.minComparisons) return null;
  const ensemble = ensembleOf(comps, frames);
  const ratio = target.flux.map((v, f) => v / ensemble.flux[f]!);
  const m = finiteMedian(ratio);
  const flux = ratio.map((v) => v / m);
  const err = flux.map(
    (v, f) => Math.abs(v) * Math.hypot(target.err[f]! / target.flux[f]!, ensemble.rel[f]!),
  );
  return { flux, err, comparisons: comps.map((c) => c.id), rejected };
}
