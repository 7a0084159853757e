import { type ExportStore, publishObservationExports, type PublishedExport } from "@panoptes/compat";
import type { Logger } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";

export interface Deps {
  db: Firestore;
  store: ExportStore;
  bucket: string;
  logger: Logger;
}

/**
 * One scheduled run: regenerates the static observation exports and logs what it wrote and every observation it
 * could not read (by id). A failure is thrown: the next run (the schedule) starts again from scratch.
 */
export async function handleExportObservations(deps: Deps, now = new Date()): Promise<PublishedExport> {
  const started = performance.now();
  const result = await publishObservationExports(deps.db, deps.store, deps.bucket, now);
  for (const s of result.skipped)
    deps.logger.warn("observation left out of the export: it cannot be read", {
      id: s.id,
      problem: s.problem,
    });
  deps.logger.info("observation exports written", {
    bucket: result.bucket,
    objects: result.objects,
    observations: result.observations,
    skipped: result.skipped.length,
    ms: Math.round(performance.now() - started),
  });
  return result;
}
