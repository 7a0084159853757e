import { COLLECTIONS, LightcurveDoc, type PrecisionBin, ProcessedObservationDoc } from "@panoptes/models";
import { buildLightcurves, DEFAULT_SERIES, type Lightcurve, type Site } from "@panoptes/photometry";
import type { Firestore } from "firebase-admin/firestore";
import { generateSequence, type SequenceTruth } from "./photometry-sequence";

/** A processing run's documents, made by real photometry on a generated sequence (known truth). */
export interface ProcessedRunFixture {
  processedObservationId: string;
  processed: ProcessedObservationDoc;
  lightcurves: Array<{ id: string; doc: LightcurveDoc }>;
  /** the lightcurve id of the field target (the star with the injected transit) */
  targetLightcurveId: string;
  truth: SequenceTruth;
}

export const FIXTURE_SITE: Site = { latitude: 19.54, longitude: -155.58, elevation: 3400 };

/** Firestore document ids of lightcurves: `RUN_` and the catalogue id with spaces as `_`. */
export function lightcurveDocId(runId: string, starId: string): string {
  return `${runId}_${starId.replace(/[^A-Za-z0-9-]/g, "_")}`;
}

const median = (v: number[]): number | null => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function precisionBins(curves: readonly Lightcurve[]): PrecisionBin[] {
  const bins = new Map<number, Lightcurve[]>();
  for (const c of curves) {
    const b = Math.floor(c.star.vmag);
    (bins.get(b) ?? bins.set(b, []).get(b)!).push(c);
  }
  const per = (cs: Lightcurve[], key: "rms_ppm" | "rms_binned_ppm" | "expected_ppm") => {
    const one = (ch: "r" | "g" | "b") => median(cs.map((c) => c[key][ch] ?? NaN));
    return { r: one("r"), g: one("g"), b: one("b") };
  };
  return [...bins.entries()]
    .sort(([a], [b]) => a - b)
    .map(([b, cs]) => ({
      vmag_min: b,
      vmag_max: b + 1,
      stars: cs.length,
      rms_ppm: per(cs, "rms_ppm"),
      rms_binned_ppm: per(cs, "rms_binned_ppm"),
      expected_ppm: per(cs, "expected_ppm"),
    }));
}

/**
 * Generates a sequence (600 × 400 GBRG frames, one cloudy frame, a saturated and a variable star, a box transit of
 * `depth` in the target), measures it with libs/photometry (`buildLightcurves`) and shapes the result as
 * process-observation's documents: the run (status `done`) and one lightcurve per measured star, the target named
 * `targetName` and flagged `is_target`. Stars get Tycho-2-like ids (`TYC 9001-<n>-1`). Pure; ~1 s for 40 frames.
 */
export function processedRunFixture(opts: {
  sequenceId: string;
  runId: string;
  unitId?: string;
  cameraId?: string;
  frames?: number;
  seed?: number;
  depth?: number;
  targetName?: string;
  created?: Date;
}): ProcessedRunFixture {
  const frames = opts.frames ?? 40;
  const truth = generateSequence({
    frames,
    seed: opts.seed ?? 7,
    transits: [{ id: "target", depth: opts.depth ?? 0.02, vmag: 8.6 }],
  });
  const names = new Map(truth.field.map((s, k) => [s.id, `TYC 9001-${100 + k}-1`]));
  const field = truth.field.map((s) => ({
    ...s,
    id: names.get(s.id)!,
    name: s.id === "target" ? (opts.targetName ?? "HD 4242") : null,
  }));
  const measured = truth.frames.map((f) => ({
    ...f,
    frame_id: `${opts.sequenceId.replace(/_[^_]+$/, "")}_${f.time.toISOString().replace(/[-:]/g, "").slice(0, 15)}`,
    stars: f.stars.map((m) => ({ ...m, id: names.get(m.id)! })),
  }));
  const result = buildLightcurves(field, measured, FIXTURE_SITE, DEFAULT_SERIES);
  const created = opts.created ?? new Date();
  const targetStar = names.get("target")!;
  const target = result.lightcurves.find((c) => c.star.id === targetStar);
  if (!target) throw new Error("the generated target has no lightcurve");
  const targetLightcurveId = lightcurveDocId(opts.runId, targetStar);
  const processed = ProcessedObservationDoc.parse({
    sequence_id: opts.sequenceId,
    unit_id: opts.unitId ?? null,
    camera_id: opts.cameraId ?? null,
    created_time: created,
    software_version: "fixture (libs/photometry buildLightcurves)",
    parameters: { aperture_radius: truth.params.apertureRadius, bin_minutes: DEFAULT_SERIES.binMinutes },
    status: "done",
    summary: { stars_measured: field.length, frames_used: result.frames_used.length },
    trigger: "request",
    requested_by: "test",
    reason: null,
    started_time: created,
    finished_time: new Date(created.getTime() + 12_000),
    seconds: 12,
    frames_used: result.frames_used,
    frames_dropped: result.frames_dropped.map((d) => ({ image_id: d.frame_id, reason: d.reason })),
    stars_measured: field.length,
    num_lightcurves: result.lightcurves.length,
    stars_skipped: result.stars_skipped,
    precision: precisionBins(result.lightcurves),
    target: {
      star_id: targetStar,
      lightcurve_id: targetLightcurveId,
      name: opts.targetName ?? "HD 4242",
      rms_ppm: target.rms_ppm,
      rms_binned_ppm: target.rms_binned_ppm,
    },
    outputs: {
      bucket: "panoptes-processed",
      csv: `${opts.sequenceId}/${opts.runId}/lightcurves.csv`,
      fits: `${opts.sequenceId}/${opts.runId}/lightcurves.fits`,
    },
  });
  const lightcurves = result.lightcurves.map((c) => ({
    id: lightcurveDocId(opts.runId, c.star.id),
    doc: LightcurveDoc.parse({
      sequence_id: opts.sequenceId,
      processed_observation_id: opts.runId,
      target: { name: c.star.name ?? c.star.id, ra: c.star.ra, dec: c.star.dec },
      created_time: created,
      star: { ...c.star },
      is_target: c.star.id === targetStar,
      rms_ppm: c.rms_ppm,
      rms_binned_ppm: c.rms_binned_ppm,
      expected_ppm: c.expected_ppm,
      comparisons: c.comparisons,
      num_points: c.points.length,
      points: c.points.map((p, k) => ({
        ...p,
        time: new Date(p.time),
        image_id: result.frames_used[k] ?? null,
      })),
      storage_path: null,
    }),
  }));
  return { processedObservationId: opts.runId, processed, lightcurves, targetLightcurveId, truth };
}

/** Writes a fixture's run and lightcurves (one batch; ids fixed, so writing twice overwrites). */
export async function writeProcessedRun(db: Firestore, run: ProcessedRunFixture): Promise<void> {
  const batch = db.batch();
  batch.set(db.collection(COLLECTIONS.processedObservations).doc(run.processedObservationId), run.processed);
  for (const lc of run.lightcurves) batch.set(db.collection(COLLECTIONS.lightcurves).doc(lc.id), lc.doc);
  await batch.commit();
}
