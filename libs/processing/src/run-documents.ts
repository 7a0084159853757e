import { COLLECTIONS, type LightcurveDoc, type LightcurvePoint, type RunOutputs } from "@panoptes/models";
import { CHANNELS, type Lightcurve } from "@panoptes/photometry";
import { type ObjectStore, toFirestoreData } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";
import type { RunParameters } from "./parameters";
import type { RunResult } from "./process-run";
import { runCsv, runFits, type TableCurve } from "./run-table";

/** Points larger than this (bytes of JSON) go to storage instead of the document (Firestore's limit is 1 MiB). */
export const MAX_INLINE_POINTS_BYTES = 800_000;

/** The lightcurve document id of a star in a run: the run id and the star id (stable, so a retry overwrites). */
export function lightcurveId(runId: string, starId: string): string {
  return `${runId}_${starId.replaceAll(/[\s/]/g, "_")}`;
}

function docPoints(lc: Lightcurve, imageIds: readonly string[]): LightcurvePoint[] {
  return lc.points.map((p, k) => ({
    time: new Date(p.time),
    bjd_tdb: p.bjd_tdb,
    airmass: p.airmass,
    image_id: imageIds[k] ?? null,
    flux: { ...p.flux },
    flux_err: { ...p.flux_err },
    flags: [...p.flags],
  }));
}

/**
 * Writes a run's outputs: one `lightcurves` document per star (points inline, or at `storage_path` in the
 * processed bucket when larger than MAX_INLINE_POINTS_BYTES), the whole run as `SEQUENCE/RUN/lightcurves.csv`
 * and `.fits` in `bucket`. Returns the run document's result fields (frames, stars, precision, target, outputs,
 * summary). Idempotent: document ids and object paths depend on the run and star only.
 */
export async function writeRunOutputs(
  deps: { db: Firestore; store: ObjectStore; bucket: string },
  run: { sequence_id: string; processed_observation_id: string },
  result: RunResult,
  params: RunParameters,
  now: Date,
): Promise<Record<string, unknown>> {
  const runId = run.processed_observation_id;
  const prefix = `${run.sequence_id}/${runId}`;
  const curves: TableCurve[] = result.series.lightcurves
    .map((lightcurve) => ({
      lightcurve,
      isTarget: result.target?.id === lightcurve.star.id,
      imageIds: result.frames_used,
    }))
    .sort(
      (a, b) => Number(b.isTarget) - Number(a.isTarget) || a.lightcurve.star.vmag - b.lightcurve.star.vmag,
    );
  let batch = deps.db.batch();
  let inBatch = 0;
  for (const { lightcurve: lc, isTarget, imageIds } of curves) {
    const points = docPoints(lc, imageIds);
    let storagePath: string | null = null;
    if (JSON.stringify(points).length > MAX_INLINE_POINTS_BYTES) {
      storagePath = `${prefix}/stars/${lightcurveId(runId, lc.star.id)}.json`;
      await deps.store.write(deps.bucket, storagePath, Buffer.from(JSON.stringify(points)), {
        contentType: "application/json",
      });
    }
    const doc: LightcurveDoc = {
      sequence_id: run.sequence_id,
      processed_observation_id: runId,
      target: { name: lc.star.name ?? lc.star.id, ra: lc.star.ra, dec: lc.star.dec },
      created_time: now,
      star: {
        id: lc.star.id,
        name: lc.star.name,
        ra: lc.star.ra,
        dec: lc.star.dec,
        vmag: lc.star.vmag,
        colour: lc.star.colour,
      },
      is_target: isTarget,
      rms_ppm: lc.rms_ppm,
      rms_binned_ppm: lc.rms_binned_ppm,
      expected_ppm: lc.expected_ppm,
      comparisons: lc.comparisons,
      num_points: points.length,
      points: storagePath ? null : points,
      storage_path: storagePath,
    };
    batch.set(
      deps.db.collection(COLLECTIONS.lightcurves).doc(lightcurveId(runId, lc.star.id)),
      toFirestoreData(doc) as object,
    );
    // A batch holds at most 500 writes and 10 MiB: a few documents of up to 0.8 MB each.
    if (++inBatch >= 8) {
      await batch.commit();
      batch = deps.db.batch();
      inBatch = 0;
    }
  }
  if (inBatch > 0) await batch.commit();
  const outputs: RunOutputs = {
    bucket: deps.bucket,
    csv: `${prefix}/lightcurves.csv`,
    fits: `${prefix}/lightcurves.fits`,
  };
  await deps.store.write(deps.bucket, outputs.csv, Buffer.from(runCsv(curves)), { contentType: "text/csv" });
  await deps.store.write(deps.bucket, outputs.fits, runFits(curves, { sequenceId: run.sequence_id, runId }), {
    contentType: "application/fits",
  });
  const targetCurve = curves.find((c) => c.isTarget)?.lightcurve ?? null;
  const target = targetCurve
    ? {
        star_id: targetCurve.star.id,
        lightcurve_id: lightcurveId(runId, targetCurve.star.id),
        name: targetCurve.star.name,
        ...(result.target ? { rule: result.target.rule } : {}),
        rms_ppm: targetCurve.rms_ppm,
        rms_binned_ppm: targetCurve.rms_binned_ppm,
      }
    : null;
  const summary: Record<string, number | string | null> = {
    frames_used: result.frames_used.length,
    frames_dropped: result.frames_dropped.length,
    stars_measured: result.stars_measured,
    lightcurves: curves.length,
    target: target?.name ?? target?.star_id ?? null,
  };
  for (const ch of CHANNELS) summary[`target_rms_ppm_${ch}`] = target?.rms_ppm[ch] ?? null;
  return {
    parameters: toFirestoreData(params),
    frames_used: result.frames_used,
    frames_dropped: result.frames_dropped,
    stars_measured: result.stars_measured,
    num_lightcurves: curves.length,
    stars_skipped: result.series.stars_skipped.slice(0, 200),
    precision: result.precision,
    target,
    outputs,
    summary,
  };
}
