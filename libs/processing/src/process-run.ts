import { pixelScale } from "@panoptes/astrometry";
import type { CatalogIndex } from "@panoptes/lookup";
import type { PrecisionBin } from "@panoptes/models";
import {
  buildLightcurves,
  type FieldStar,
  type MeasuredFrame,
  type SeriesResult,
  type Site,
} from "@panoptes/photometry";
import { angularDistanceDeg } from "@panoptes/sky";
import { type FieldTarget, chooseTarget } from "./target";
import { type FrameInput, FrameUnreadableError, measureSolvedFrame } from "./frame-measurement";
import type { RunParameters } from "./parameters";
import { precisionTable } from "./precision";

/** The largest PANOPTES frame's diagonal, pixels (5208 × 3476): the catalogue radius covers a frame of it. */
export const FULL_FRAME_DIAGONAL_PX = Math.hypot(5208, 3476);

/** A run that cannot produce lightcurves (no solved frames, nothing measurable): recorded `failed` with the reason. */
export class RunFailedError extends Error {
  readonly kind = "permanent" as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RunFailedError";
  }
}

/** What a run produced, before it is written anywhere. */
export interface RunResult {
  field: FieldStar[];
  series: SeriesResult;
  target: FieldTarget | null;
  precision: PrecisionBin[];
  frames_dropped: Array<{ image_id: string; reason: string }>;
  /** stars that fell on at least one frame */
  stars_measured: number;
  site: Site | null;
  /** frame ids in time order, per kept frame, for the outputs */
  frames_used: string[];
  /** wall seconds spent measuring frames, and in total */
  measure_seconds: number;
}

/** Where a run's frames and catalogue come from; the I/O a run needs. */
export interface RunSources {
  /** solved frames (unsolved ones already listed in `unsolved`) in time order */
  frames: readonly FrameInput[];
  /** frames that cannot be used: `{image_id, reason}` (unsolved, wrong status...) */
  unusable: ReadonlyArray<{ image_id: string; reason: string }>;
  /** the catalogue around (ra, dec) within `radius` degrees down to `maxMag` */
  catalogue(region: { ra: number; dec: number; radius: number; maxMag: number }): Promise<FieldStar[]>;
  /** the unit's site when known (else the frame headers' LAT-OBS...) */
  site: Site | null;
  fieldName: string | null;
  /** the observation's pointing (solve-image's median frame centre), when known */
  centre?: { ra: number; dec: number } | null;
  /** the offline catalogue for resolving `fieldName` (null: do not resolve) */
  lookup: CatalogIndex | null;
  /** called after each frame with (frames done, frames in all) */
  progress?: (done: number, total: number) => void | Promise<void>;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * One processing run: the catalogue of the field (centred on the observation's pointing, else the frames' median
 * reference point; wide enough for
 * a full-size frame and the drift), each frame read, measured and released in turn (bounded memory: one frame's
 * pixels at a time), then lightcurves of every star (libs/photometry buildLightcurves: cloudy and trailed frames
 * dropped with reasons, ensembles, BJD_TDB), the field target and the precision table.
 * Throws RunFailedError when there is no solved frame, no frame could be read, no catalogue star falls on the
 * frames, or fewer than two frames are usable.
 */
export async function processRun(sources: RunSources, params: RunParameters): Promise<RunResult> {
  const frames_dropped = [...sources.unusable];
  if (sources.frames.length === 0)
    throw new RunFailedError("no-solved-frames", "the observation has no plate-solved frame");
  const ras = sources.frames.map((f) => f.wcs.CRVAL1);
  const centre = {
    ...(sources.centre ?? {
      ra: ras[0]! + median(ras.map((r) => ((((r - ras[0]!) % 360) + 540) % 360) - 180)),
      dec: median(sources.frames.map((f) => f.wcs.CRVAL2)),
    }),
  };
  centre.ra = ((centre.ra % 360) + 360) % 360;
  // CRVAL is where solve-field put the reference pixel, near but not always at the frame centre: the radius
  // below covers a full-size frame around it either way.
  const spread = Math.max(
    ...sources.frames.map((f) => angularDistanceDeg(f.wcs.CRVAL1, f.wcs.CRVAL2, centre.ra, centre.dec)),
  );
  const halfDiagonal =
    (FULL_FRAME_DIAGONAL_PX / 2) * (Math.max(...sources.frames.map((f) => pixelScale(f.wcs))) / 3600);
  const field = await sources.catalogue({ ...centre, radius: halfDiagonal + spread, maxMag: params.maxMag });
  const started = performance.now();
  const measured: MeasuredFrame[] = [];
  const seen = new Set<string>();
  let site = sources.site;
  let done = 0;
  for (const input of sources.frames) {
    try {
      const result = await measureSolvedFrame(input, field, params, site);
      site ??= result.site;
      measured.push(result.frame);
      for (const m of result.frame.stars) seen.add(m.id);
    } catch (err) {
      if (!(err instanceof FrameUnreadableError)) throw err;
      frames_dropped.push({ image_id: input.image_id, reason: err.message });
    }
    done++;
    await sources.progress?.(done, sources.frames.length);
  }
  const measure_seconds = (performance.now() - started) / 1000;
  if (measured.length === 0)
    throw new RunFailedError(
      "no-readable-frames",
      `none of the ${sources.frames.length} solved frames could be read`,
    );
  const onFrames = field.filter((s) => seen.has(s.id));
  if (onFrames.length === 0)
    throw new RunFailedError(
      "no-catalogue-stars",
      `no catalogue star down to V ${params.maxMag} falls on the frames`,
    );
  if (measured.length < 2)
    throw new RunFailedError(
      "too-few-frames",
      `a lightcurve needs two frames or more; ${measured.length} could be measured`,
    );
  const target = await chooseTarget(onFrames, {
    fieldName: sources.fieldName,
    centre,
    catalog: sources.lookup,
  });
  const named = onFrames.map((s) => (target && s.id === target.id ? { ...s, name: target.name } : s));
  // A site is needed for BJD_TDB; without one the geocentre (BJD differs by < 21 ms) is used.
  const series = buildLightcurves(
    named,
    measured,
    site ?? { latitude: 0, longitude: 0, elevation: -6378137 },
    params.series,
  );
  for (const d of series.frames_dropped) frames_dropped.push({ image_id: d.frame_id, reason: d.reason });
  if (series.lightcurves.length === 0)
    throw new RunFailedError("no-lightcurves", `no star of ${onFrames.length} had usable comparison stars`);
  return {
    field: named,
    series,
    target,
    precision: precisionTable(series.lightcurves, params.maxMag, params.precisionBinMag),
    frames_dropped,
    stars_measured: onFrames.length,
    site,
    frames_used: series.frames_used,
    measure_seconds,
  };
}
