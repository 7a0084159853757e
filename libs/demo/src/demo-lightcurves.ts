import {
  COLLECTIONS,
  LightcurveDoc,
  type LightcurvePoint,
  ObservationDocRead,
  plainFirestoreValue,
  ProcessedObservationDoc,
} from "@panoptes/models";
import type { Firestore } from "firebase-admin/firestore";
import { seededRandom } from "./random";

/** Ids of the demo documents for a sequence (deterministic, so seeding twice overwrites rather than adds). */
export function demoIds(sequenceId: string): { processedObservationId: string; lightcurveId: string } {
  return { processedObservationId: `${sequenceId}_demo`, lightcurveId: `${sequenceId}_demo_target` };
}

/**
 * The demo series: `count` points every `stepS` seconds from `start`, flux per channel r, g, b (counts, with a
 * 1.2 % transit-like dip in the middle) and 1-sigma errors. Pure, for tests and `npm start`.
 */
export function demoLightcurvePoints(start: Date, count = 120, stepS = 90): LightcurvePoint[] {
  const base: Record<string, number> = { r: 41000, g: 78000, b: 36000 };
  const random = seededRandom(count * 31 + stepS);
  const rnd = (): number => random() - 0.5;
  return Array.from({ length: count }, (_, i) => {
    const x = (i - count / 2) / (count / 6);
    const dip = 1 - 0.012 * Math.exp(-(x ** 4));
    const flux: Record<string, number> = {};
    const flux_err: Record<string, number> = {};
    for (const [ch, f] of Object.entries(base)) {
      const err = Math.sqrt(f) * 2.5;
      flux[ch] = Math.round(f * dip + rnd() * 2 * err);
      flux_err[ch] = Math.round(err * 10) / 10;
    }
    return { time: new Date(start.getTime() + i * stepS * 1000), flux, flux_err };
  });
}

/**
 * Writes a plausible processed observation and one lightcurve (channels r, g, b) for an existing observation,
 * so the Data Explorer has something to plot before a processing pipeline exists. Idempotent (fixed ids).
 * Returns the ids written; throws when the observation does not exist.
 */
export async function seedDemoLightcurves(
  db: Firestore,
  sequenceId: string,
): Promise<{ processedObservationId: string; lightcurveId: string }> {
  const snap = await db.collection(COLLECTIONS.observations).doc(sequenceId).get();
  if (!snap.exists)
    throw new Error(`cannot seed demo lightcurves: no observation ${JSON.stringify(sequenceId)}`);
  const obs = ObservationDocRead.parse(plainFirestoreValue({ sequence_id: sequenceId, ...snap.data() }));
  const ids = demoIds(sequenceId);
  const created = new Date();
  const start = obs.time ?? created;
  const points = demoLightcurvePoints(start);
  const ra = obs.ra ?? 0;
  const dec = obs.dec ?? 0;
  const processed = ProcessedObservationDoc.parse({
    sequence_id: sequenceId,
    created_time: created,
    software_version: "demo-seed",
    parameters: { aperture_px: 6, comparison_stars: 12, note: "demo data, not a measurement" },
    status: "done",
    summary: { num_frames: points.length, num_stars: 1, median_snr: 212.4 },
  });
  const lightcurve = LightcurveDoc.parse({
    sequence_id: sequenceId,
    processed_observation_id: ids.processedObservationId,
    target: { name: obs.field_name ?? "demo target", ra, dec },
    created_time: created,
    points,
    storage_path: null,
  });
  const batch = db.batch();
  batch.set(db.collection(COLLECTIONS.processedObservations).doc(ids.processedObservationId), processed);
  batch.set(db.collection(COLLECTIONS.lightcurves).doc(ids.lightcurveId), lightcurve);
  await batch.commit();
  return ids;
}
