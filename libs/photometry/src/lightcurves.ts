import { type Channel, CHANNELS } from "./bayer";
import { type ChannelSeries, DEFAULT_ENSEMBLE, differentialCurve, type EnsembleParams } from "./ensemble";
import type { StarFlag, StarMeasurement } from "./measure";
import { finiteMedian, robustStd } from "./robust";
import { bjdTdb, type Site } from "./site-time";

/** A catalogue star of the field. */
export interface FieldStar {
  id: string;
  name: string | null;
  ra: number;
  dec: number;
  vmag: number;
  /** B−V (or BT−VT) when known */
  colour: number | null;
}

/** One frame's measurements and when it was taken. */
export interface MeasuredFrame {
  frame_id: string;
  /** mid-exposure, UTC */
  time: Date;
  airmass: number | null;
  stars: StarMeasurement[];
}

export interface SeriesParams {
  /** a frame whose median star flux is below this fraction of the stars' medians is cloudy */
  minTransparency: number;
  /** a frame whose median star elongation exceeds this is trailed */
  maxElongation: number;
  /** stars per frame needed to judge it */
  minReferenceStars: number;
  ensemble: EnsembleParams;
  /** bin width for the binned precision, minutes */
  binMinutes: number;
}

export const DEFAULT_SERIES: SeriesParams = {
  minTransparency: 0.6,
  maxElongation: 1.8,
  minReferenceStars: 5,
  ensemble: DEFAULT_ENSEMBLE,
  binMinutes: 10,
};

/** A point of a lightcurve. */
export interface LightcurvePoint {
  time: string;
  bjd_tdb: number;
  airmass: number | null;
  flux: Record<Channel, number | null>;
  flux_err: Record<Channel, number | null>;
  flags: StarFlag[];
}

/** A star's lightcurve from one run. */
export interface Lightcurve {
  star: FieldStar;
  points: LightcurvePoint[];
  /** robust scatter of the normalised flux, ppm per frame and binned */
  rms_ppm: Record<Channel, number | null>;
  rms_binned_ppm: Record<Channel, number | null>;
  /** median CCD-equation error of the points, ppm (the noise floor the scatter is judged against) */
  expected_ppm: Record<Channel, number | null>;
  comparisons: Record<Channel, string[]>;
  rejected_comparisons: Record<Channel, Array<{ id: string; reason: string }>>;
}

export interface SeriesResult {
  frames_used: string[];
  frames_dropped: Array<{ frame_id: string; reason: string }>;
  lightcurves: Lightcurve[];
  /** stars measured but without a lightcurve, and why */
  stars_skipped: Array<{ id: string; reason: string }>;
}

const EXCLUDE_AS_COMPARISON: readonly StarFlag[] = ["saturated", "near_edge", "blended", "centroid_failed"];

/** Which frames to keep: drops cloudy (low transparency) and trailed (elongated stars) frames, with the reason. */
export function judgeFrames(frames: readonly MeasuredFrame[], p: SeriesParams): Map<string, string | null> {
  const good = (m: StarMeasurement) => m.flags.length === 0 && m.flux.g.flux > 0;
  const medians = new Map<string, number>();
  const byStar = new Map<string, number[]>();
  for (const f of frames)
    for (const m of f.stars)
      if (good(m)) (byStar.get(m.id) ?? byStar.set(m.id, []).get(m.id)!).push(m.flux.g.flux);
  for (const [id, v] of byStar) if (v.length >= frames.length / 2) medians.set(id, finiteMedian(v));
  const out = new Map<string, string | null>();
  for (const f of frames) {
    const ratios: number[] = [];
    const elongations: number[] = [];
    for (const m of f.stars) {
      const med = medians.get(m.id);
      if (med === undefined || !good(m)) continue;
      ratios.push(m.flux.g.flux / med);
      if (Number.isFinite(m.elongation)) elongations.push(m.elongation);
    }
    const transparency = finiteMedian(ratios);
    const elongation = finiteMedian(elongations);
    let reason: string | null = null;
    if (ratios.length < p.minReferenceStars) reason = `too few reference stars measured (${ratios.length})`;
    else if (transparency < p.minTransparency)
      reason = `cloudy: stars at ${(transparency * 100).toFixed(0)}% of their median flux`;
    else if (elongation > p.maxElongation)
      reason = `trailed: star images elongated ${elongation.toFixed(2)}×`;
    out.set(f.frame_id, reason);
  }
  return out;
}

function binnedScatter(times: number[], values: Float64Array, binDays: number): number {
  const bins = new Map<number, number[]>();
  times.forEach((t, k) => {
    const v = values[k]!;
    if (!Number.isFinite(v)) return;
    const b = Math.floor(t / binDays);
    (bins.get(b) ?? bins.set(b, []).get(b)!).push(v);
  });
  const means = [...bins.values()]
    .filter((v) => v.length >= 2)
    .map((v) => v.reduce((a, b) => a + b, 0) / v.length);
  return robustStd(means);
}

const ppm = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) : null);

/**
 * Lightcurves of every star of the field from per-frame measurements: bad frames dropped with the reason, then per
 * star and channel an ensemble differential curve; times as UTC and BJD_TDB (for the star and the unit's site).
 */
export function buildLightcurves(
  field: readonly FieldStar[],
  frames: readonly MeasuredFrame[],
  site: Site,
  params: SeriesParams = DEFAULT_SERIES,
): SeriesResult {
  const verdicts = judgeFrames(frames, params);
  const kept = frames.filter((f) => verdicts.get(f.frame_id) === null);
  const frames_dropped = frames
    .filter((f) => verdicts.get(f.frame_id) !== null)
    .map((f) => ({ frame_id: f.frame_id, reason: verdicts.get(f.frame_id)! }));
  const index = kept.map((f) => new Map(f.stars.map((m) => [m.id, m])));
  const series = (ch: Channel): ChannelSeries[] =>
    field.map((star) => {
      const flux = new Float64Array(kept.length).fill(NaN);
      const err = new Float64Array(kept.length).fill(NaN);
      let eligible = true;
      index.forEach((frame, f) => {
        const m = frame.get(star.id);
        if (!m) return;
        if (m.flags.some((fl) => EXCLUDE_AS_COMPARISON.includes(fl))) eligible = false;
        if (m.flags.includes("saturated") || m.flags.includes("near_edge")) return;
        flux[f] = m.flux[ch].flux;
        err[f] = m.flux[ch].flux_err;
      });
      return { id: star.id, mag: star.vmag, colour: star.colour, eligible, flux, err };
    });
  const perChannel = Object.fromEntries(CHANNELS.map((ch) => [ch, series(ch)])) as Record<
    Channel,
    ChannelSeries[]
  >;
  const lightcurves: Lightcurve[] = [];
  const stars_skipped: SeriesResult["stars_skipped"] = [];
  const times = kept.map((f) => f.time.getTime() / 86400000);
  field.forEach((star, s) => {
    const curves = Object.fromEntries(
      CHANNELS.map((ch) => [ch, differentialCurve(perChannel[ch][s]!, perChannel[ch], params.ensemble)]),
    ) as Record<Channel, ReturnType<typeof differentialCurve>>;
    if (CHANNELS.every((ch) => curves[ch] === null)) {
      stars_skipped.push({ id: star.id, reason: "no usable comparison stars or measurements" });
      return;
    }
    const points: LightcurvePoint[] = kept.map((f, k) => {
      const m = index[k]!.get(star.id);
      const value = (ch: Channel, key: "flux" | "err") => {
        const v = curves[ch]?.[key][k];
        return v !== undefined && Number.isFinite(v) ? v : null;
      };
      return {
        time: f.time.toISOString(),
        bjd_tdb: bjdTdb(f.time, star.ra, star.dec, site),
        airmass: f.airmass,
        flux: { r: value("r", "flux"), g: value("g", "flux"), b: value("b", "flux") },
        flux_err: { r: value("r", "err"), g: value("g", "err"), b: value("b", "err") },
        flags: m ? m.flags : [],
      };
    });
    const stat = (fn: (c: NonNullable<(typeof curves)["r"]>) => number) =>
      Object.fromEntries(CHANNELS.map((ch) => [ch, curves[ch] ? ppm(fn(curves[ch]!)) : null])) as Record<
        Channel,
        number | null
      >;
    lightcurves.push({
      star,
      points,
      rms_ppm: stat((c) => robustStd(c.flux)),
      rms_binned_ppm: stat((c) => binnedScatter(times, c.flux, params.binMinutes / 1440)),
      expected_ppm: stat((c) => finiteMedian(c.err)),
      comparisons: Object.fromEntries(CHANNELS.map((ch) => [ch, curves[ch]?.comparisons ?? []])) as Record<
        Channel,
        string[]
      >,
      rejected_comparisons: Object.fromEntries(
        CHANNELS.map((ch) => [ch, curves[ch]?.rejected ?? []]),
      ) as Record<Channel, Array<{ id: string; reason: string }>>,
    });
  });
  return { frames_used: kept.map((f) => f.frame_id), frames_dropped, lightcurves, stars_skipped };
}
