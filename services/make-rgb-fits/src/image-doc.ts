import {
  COLLECTIONS,
  ImageDoc,
  ImageDocRead,
  type ImageProducts,
  isRecordedImage,
  type ObjectPath,
  parseTimestamp,
} from "@panoptes/models";
import { readDoc, toFirestoreData } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";

/** Compares decimal generation strings (they exceed 2^53). */
export function generationOrder(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The image document make-rgb-fits creates when the CR2 is converted before the FITS is recorded: ids and
 * time from the path, `status` (received or error), `counted: false` so record-image counts it later, every
 * header field null. `generation`, `bucket_path` and `size` stay null: they describe the FITS record-image
 * reads, not the CR2.
 */
export function minimalImageDoc(
  path: ObjectPath,
  now: Date,
  fields: Pick<ImageDoc, "status" | "error" | "products">,
): ImageDoc {
  return ImageDoc.parse({
    image_id: path.image_id,
    sequence_id: path.sequence_id,
    unit_id: path.unit_id,
    camera_id: path.camera_id,
    time: parseTimestamp(path.image_time),
    received_time: now,
    ...Object.fromEntries(
      [
        "exptime",
        "airmass",
        "moonfrac",
        "moonsep",
        "ha_mnt",
        "ra_mnt",
        "dec_mnt",
        "ra_image",
        "dec_image",
        "camtemp",
        "circconf",
        "colortmp",
        "measev",
        "measev2",
        "measr",
        "measg",
        "measg2",
        "measb",
        "redbal",
        "bluebal",
        "whtlvln",
        "whtlvls",
        "bucket_path",
        "public_url",
        "generation",
        "size",
        "counted_exptime",
      ].map((k) => [k, null]),
    ),
    solved: false,
    counted: false,
    updated_time: now,
    ...fields,
  });
}

/** The products already recorded on an image, or null (no document, or none made yet). */
export async function currentProducts(db: Firestore, imageId: string): Promise<ImageProducts | null> {
  const doc = readDoc(ImageDocRead, await db.collection(COLLECTIONS.images).doc(imageId).get(), "image_id");
  return doc?.products ?? null;
}

/**
 * Sets `products` on the image in a transaction that touches nothing else (never status, counters or the
 * `counted` flag, which belong to record-image), creating a minimal `received` document when none exists.
 * Products of a newer CR2 generation already on the document win: returns "stale" and changes nothing.
 */
export async function recordProducts(
  db: Firestore,
  path: ObjectPath,
  products: ImageProducts,
  now: Date,
): Promise<"created" | "updated" | "stale"> {
  const ref = db.collection(COLLECTIONS.images).doc(path.image_id);
  return db.runTransaction(async (tx) => {
    const existing = readDoc(ImageDocRead, await tx.get(ref), "image_id");
    const made = existing?.products?.source_generation;
    if (made && products.source_generation && generationOrder(made, products.source_generation) > 0) {
      return "stale";
    }
    if (existing) {
      tx.update(ref, { products: toFirestoreData(products), updated_time: now });
      return "updated";
    }
    tx.set(
      ref,
      toFirestoreData(minimalImageDoc(path, now, { status: "received", error: null, products })) as object,
    );
    return "created";
  });
}

/**
 * Marks the image `error` with the reason, unless it is already `recorded` (a corrupt CR2 must not erase a
 * good FITS record: the failure is only dead-lettered). Creates a minimal `error` document when none exists.
 * Never touches counters, `counted`, `generation` or `bucket_path`.
 */
export async function markCr2Error(
  db: Firestore,
  path: ObjectPath,
  error: { code: string; message: string; service: string; time: Date },
  now: Date,
): Promise<"marked" | "kept-recorded"> {
  const ref = db.collection(COLLECTIONS.images).doc(path.image_id);
  return db.runTransaction(async (tx) => {
    const existing = readDoc(ImageDocRead, await tx.get(ref), "image_id");
    if (isRecordedImage(existing?.status)) return "kept-recorded";
    if (existing) {
      tx.update(ref, { status: "error", error, updated_time: now });
    } else {
      tx.set(
        ref,
        toFirestoreData(minimalImageDoc(path, now, { status: "error", error, products: null })) as object,
      );
    }
    return "marked";
  });
}
