import { updateImage } from "@panoptes/image-doc";
import { COLLECTIONS, ImageDocRead, type ImagePreviews, type ObjectPath } from "@panoptes/models";
import { PermanentError, readDoc } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";

/** Whether previews of (source, generation) should be made over what the image has. */
export type PreviewDecision = "make" | "same-generation" | "newer-generation-made" | "fits-preferred";

/**
 * Decides from the recorded previews: none → make; the same source and generation (made or failed) → skip, so
 * a redelivery writes nothing and a corrupt frame is not retried; a newer generation of that source → skip;
 * a FITS preview is never replaced by one of the CR2 (the FITS is the frame the viewer reads pixels from),
 * while a FITS replaces a CR2 preview.
 */
export function previewDecision(
  existing: Pick<ImagePreviews, "source" | "generation"> | null | undefined,
  source: ImagePreviews["source"],
  generation: string,
): PreviewDecision {
  if (!existing) return "make";
  if (existing.source === "fits" && source === "cr2") return "fits-preferred";
  if (existing.source !== source) return "make";
  const a = BigInt(existing.generation);
  const b = BigInt(generation);
  return a === b ? "same-generation" : a > b ? "newer-generation-made" : "make";
}

/** The previews recorded on an image: undefined when the image has no document, null when none were made. */
export async function currentPreviews(
  db: Firestore,
  imageId: string,
): Promise<ImagePreviews | null | undefined> {
  const doc = readDoc(ImageDocRead, await db.collection(COLLECTIONS.images).doc(imageId).get(), "image_id");
  return doc === null ? undefined : (doc.previews ?? null);
}

/**
 * Sets `previews` on the image (through the image document's owner, updateImage, in one transaction that
 * touches no other field) when previewDecision still says "make" against what the transaction reads; otherwise
 * changes nothing and returns the decision. The image must exist (record-image or make-rgb-fits created it
 * before publishing): a PermanentError `image-not-found` otherwise.
 */
export async function recordPreviews(
  db: Firestore,
  path: ObjectPath,
  previews: ImagePreviews,
  now: Date,
): Promise<PreviewDecision> {
  let decision: PreviewDecision = "make";
  await updateImage(db, path, now, (existing) => {
    if (existing === null) {
      throw new PermanentError(
        "image-not-found",
        `image ${path.image_id} has no document to record its previews on`,
      );
    }
    decision = previewDecision(existing.previews, previews.source, previews.generation);
    return decision === "make" ? { previews } : null;
  });
  return decision;
}
