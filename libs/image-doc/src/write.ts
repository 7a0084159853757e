import {
  COLLECTIONS,
  type ErrorInfo,
  ImageDoc,
  ImageDocRead,
  isRecordedImage,
  type ObjectMessage,
  type ObjectPath,
} from "@panoptes/models";
import { readDoc, toFirestoreData } from "@panoptes/platform";
import type { Firestore, Transaction } from "firebase-admin/firestore";
import { minimalImageDoc, objectFields } from "./build";

/**
 * The fields a writer may change on an image (not its ids, and not `updated_time`, which every write sets).
 * The counting fields (`status: recorded`, `counted`, `counted_exptime`) belong to record-image's transaction.
 */
export type ImageUpdate = Partial<
  Omit<ImageDoc, "image_id" | "sequence_id" | "unit_id" | "camera_id" | "updated_time">
>;

const ImageUpdateSchema = ImageDoc.omit({
  image_id: true,
  sequence_id: true,
  unit_id: true,
  camera_id: true,
  updated_time: true,
})
  .partial()
  .strict();

/**
 * Changes an image in one transaction: `change` sees the stored document (null when there is none) and returns
 * the fields to set, or null to leave it as it is. An existing document gets those fields and `updated_time`; a
 * missing one is created as minimalImageDoc with them (`status: received` unless they say otherwise). The fields
 * are validated against the ImageDoc schema first (a ZodError names the field). Every writer of an image goes
 * through here, e.g. `updateImage(db, path, now, () => ({ solved: true, ra_image, dec_image }))`. A writer that
 * must change another document atomically with the image (solve-image: the observation's pointing) does its
 * reads and that write through `tx` inside `change` (Firestore runs all reads before writes: `change` reads,
 * then the image is written); `change` may be run again when the transaction retries.
 */
export async function updateImage(
  db: Firestore,
  path: ObjectPath,
  now: Date,
  change: (
    existing: ImageDocRead | null,
    tx: Transaction,
  ) => ImageUpdate | null | Promise<ImageUpdate | null>,
): Promise<"created" | "updated" | "unchanged"> {
  const ref = db.collection(COLLECTIONS.images).doc(path.image_id);
  return db.runTransaction(async (tx) => {
    const existing = readDoc(ImageDocRead, await tx.get(ref), "image_id");
    const update = await change(existing, tx);
    if (update === null) return "unchanged";
    const fields = ImageUpdateSchema.parse(update);
    if (existing) {
      tx.update(ref, toFirestoreData({ ...fields, updated_time: now }) as object);
      return "updated";
    }
    tx.set(ref, toFirestoreData(minimalImageDoc(path, now, fields)) as object);
    return "created";
  });
}

/**
 * Marks an image failed with the reason, unless it is already `recorded` (a corrupt re-upload or CR2 must not
 * erase a good record: the failure is only dead-lettered). `object`, when the failure is about the FITS
 * record-image reads, also names that object (path, generation, size); a failure about another file (a CR2)
 * leaves those fields alone. Creates a minimal `error` document when none exists. Never touches counters.
 */
export async function markImageError(
  db: Firestore,
  input: {
    path: ObjectPath;
    error: ErrorInfo;
    object?: Pick<ObjectMessage, "bucket" | "bucket_path" | "generation" | "size">;
  },
  now: Date = input.error.time,
): Promise<"marked" | "kept-recorded"> {
  const { path, error, object } = input;
  const outcome = await updateImage(db, path, now, (existing) =>
    isRecordedImage(existing?.status)
      ? null
      : {
          status: "error",
          error,
          ...(object ? objectFields(object) : {}),
        },
  );
  return outcome === "unchanged" ? "kept-recorded" : "marked";
}
