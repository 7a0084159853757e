import { generationOrder, updateImage } from "@panoptes/image-doc";
import { COLLECTIONS, ImageDocRead, type ImageProducts, type ObjectPath } from "@panoptes/models";
import { readDoc } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";

/** The products already recorded on an image, or null (no document, or none made yet). */
export async function currentProducts(db: Firestore, imageId: string): Promise<ImageProducts | null> {
  const doc = readDoc(ImageDocRead, await db.collection(COLLECTIONS.images).doc(imageId).get(), "image_id");
  return doc?.products ?? null;
}

/**
 * Sets `products` on the image and nothing else (never status, counters or the `counted` flag, which belong to
 * record-image), creating a minimal `received` document when none exists (the CR2 converted before the FITS is
 * recorded; `generation`, `bucket_path` and `size` stay null: they describe the FITS). Products of a newer CR2
 * generation already on the document win: returns "stale" and changes nothing.
 */
export async function recordProducts(
  db: Firestore,
  path: ObjectPath,
  products: ImageProducts,
  now: Date,
): Promise<"created" | "updated" | "stale"> {
  const outcome = await updateImage(db, path, now, (existing) => {
    const made = existing?.products?.source_generation;
    const newer = made && products.source_generation && generationOrder(made, products.source_generation) > 0;
    return newer ? null : { products };
  });
  return outcome === "unchanged" ? "stale" : outcome;
}
