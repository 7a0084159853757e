import { COLLECTIONS, ObservationDocRead, ProcessedObservationDocRead } from "@panoptes/models";
import { type Publisher, readDoc } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";
import { ObservationNotFoundError, publishRun, queueProcessingRun } from "./run-store";

/** What one tick of the schedule did. */
export interface ScheduleTick {
  /** runs queued: observation → run id */
  queued: Array<{ sequence_id: string; processed_observation_id: string }>;
  /** queued runs that had not started, published again */
  republished: string[];
  /** finished observations passed over, and why */
  skipped: Array<{ sequence_id: string; reason: string }>;
}

/**
 * One tick of the processing schedule (every 10 minutes in production; `npm start` fires it locally):
 * 1. observations still `receiving_files` whose last change (record-image, solve-image) is older than
 *    `quietMinutes`, that have a plate-solved frame and no run for their current num_images, get a run queued
 *    (queueProcessingRun, trigger `schedule`). Queueing sets the observation `processing`, so a second tick
 *    does not see it again; a run for the same image count is never queued twice.
 * 2. runs still `queued` `republishMinutes` after they were created are published again (a lost message).
 */
export async function scheduleProcessing(
  db: Firestore,
  publisher: Publisher,
  options: { now: Date; quietMinutes: number; republishMinutes: number; limit?: number },
): Promise<ScheduleTick> {
  const tick: ScheduleTick = { queued: [], republished: [], skipped: [] };
  const cutoff = new Date(options.now.getTime() - options.quietMinutes * 60_000);
  const quiet = await db
    .collection(COLLECTIONS.observations)
    .where("status", "==", "receiving_files")
    .where("updated_time", "<=", cutoff)
    .limit(options.limit ?? 200)
    .get();
  for (const doc of quiet.docs) {
    const observation = readDoc(ObservationDocRead, doc);
    if (!observation) continue;
    const solved = await db
      .collection(COLLECTIONS.images)
      .where("sequence_id", "==", observation.sequence_id)
      .where("solved", "==", true)
      .limit(1)
      .get();
    if (solved.empty) {
      tick.skipped.push({ sequence_id: observation.sequence_id, reason: "no plate-solved frame" });
      continue;
    }
    const runs = await db
      .collection(COLLECTIONS.processedObservations)
      .where("sequence_id", "==", observation.sequence_id)
      .get();
    const count = observation.num_images ?? 0;
    if (runs.docs.some((r) => readDoc(ProcessedObservationDocRead, r)?.num_images === count)) {
      tick.skipped.push({
        sequence_id: observation.sequence_id,
        reason: `already processed at ${count} images`,
      });
      continue;
    }
    try {
      const { processed_observation_id } = await queueProcessingRun(db, publisher, {
        sequence_id: observation.sequence_id,
        trigger: "schedule",
        requested_by: null,
        now: options.now,
        onlyIf: { status: "receiving_files", num_images: count },
      });
      if (processed_observation_id)
        tick.queued.push({ sequence_id: observation.sequence_id, processed_observation_id });
      else tick.skipped.push({ sequence_id: observation.sequence_id, reason: "changed meanwhile" });
    } catch (err) {
      if (!(err instanceof ObservationNotFoundError)) throw err;
    }
  }
  const stale = await db
    .collection(COLLECTIONS.processedObservations)
    .where("status", "==", "queued")
    .where("created_time", "<=", new Date(options.now.getTime() - options.republishMinutes * 60_000))
    .limit(options.limit ?? 200)
    .get();
  for (const doc of stale.docs) {
    const run = readDoc(ProcessedObservationDocRead, doc);
    if (!run) continue;
    await publishRun(publisher, run.sequence_id, doc.id);
    tick.republished.push(doc.id);
  }
  return tick;
}
