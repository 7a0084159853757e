import { errorKind } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";
import { createGroupCommit } from "./group-commit";
import { MAX_RECORD_BATCH, type RecordItem, type RecordOutcome, recordImages } from "./record";

/** Records images through a group commit keyed by unit (see createImageRecorder). */
export interface ImageRecorder {
  record(item: RecordItem): Promise<RecordOutcome>;
}

/**
 * The way both record-image and backfill record images: a group commit keyed by unit over recordImages. One
 * transaction per unit is in flight at a time in this process; images arriving meanwhile (the unit's other
 * camera, a burst, redeliveries) go together into the next one, so the unit's and observation's counter
 * documents are written once per batch. A batch that fails permanently is retried one image at a time, so a
 * bad image cannot fail the others; a transient failure fails the whole batch (each caller retries).
 */
export function createImageRecorder(
  db: Firestore,
  options: { maxBatch?: number; now?: () => Date } = {},
): ImageRecorder {
  const now = options.now ?? (() => new Date());
  const group = createGroupCommit<RecordItem, RecordOutcome>({
    commit: (items) => recordImages(db, items, now()),
    maxBatch: Math.max(1, Math.min(options.maxBatch ?? MAX_RECORD_BATCH, MAX_RECORD_BATCH)),
    splitOnError: (err) => errorKind(err) === "permanent",
  });
  return { record: (item) => group.submit(item.path.unit_id, item) };
}
