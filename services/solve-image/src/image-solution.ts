import type { SolveResult } from "@panoptes/astrometry";
import { generationOrder, type ImageUpdate, updateImage } from "@panoptes/image-doc";
import {
  COLLECTIONS,
  type ImageDocRead,
  ImageDocRead as ImageDocReadSchema,
  isRecordedImage,
  type ObjectPath,
  WcsKeywords,
} from "@panoptes/models";
import { readDoc } from "@panoptes/platform";
import { skyIndexFields } from "@panoptes/sky";
import type { Firestore } from "firebase-admin/firestore";
import { observationPointing, type SolvedCentre } from "./pointing";

/** Whether a message's generation needs a solve, from the stored image. */
export type SolveDecision =
  | { action: "solve"; image: ImageDocRead }
  /** solved (or failed) for this generation already: a redelivery */
  | { action: "skip"; reason: "unchanged" | "stale" | "not-recorded" }
  /** the image is not recorded yet for this generation: retry later */
  | { action: "wait"; reason: string };

/** Decide from the stored image (null: none) what a solve-image message for `generation` does. */
export function solveDecision(existing: ImageDocRead | null, generation: string): SolveDecision {
  if (existing === null || existing.generation === null || existing.generation === undefined)
    return { action: "wait", reason: "the image is not recorded yet" };
  const order = generationOrder(generation, existing.generation);
  if (order < 0) return { action: "skip", reason: "stale" };
  if (order > 0)
    return { action: "wait", reason: `the image is recorded at older generation ${existing.generation}` };
  if (existing.status === "error") return { action: "skip", reason: "not-recorded" };
  if (!isRecordedImage(existing.status)) return { action: "wait", reason: `the image is ${existing.status}` };
  if (existing.solve_generation === generation) return { action: "skip", reason: "unchanged" };
  return { action: "solve", image: existing };
}

/** Reads the image document and decides (see solveDecision). */
export async function decideSolve(
  db: Firestore,
  imageId: string,
  generation: string,
): Promise<SolveDecision> {
  const snap = await db.collection(COLLECTIONS.images).doc(imageId).get();
  return solveDecision(readDoc(ImageDocReadSchema, snap), generation);
}

/** What recordSolution did: wrote the result, or found the generation solved or replaced meanwhile. */
export type RecordSolutionOutcome = "recorded" | "unchanged" | "stale";

/**
 * Records a solve on the image (solve-image owns these fields: solved, ra_image/dec_image, wcs,
 * pixel_scale, rotation, stars_detected, solve_index, solve_seconds, solve_reason, solve_generation;
 * status `solved`, or `unsolvable` when no solution was found) through libs/image-doc's updateImage, the images
 * document's one writer, and, in the same transaction, the observation's pointing: the median centre of its
 * solved frames, its sky cells and the drift. Only for the generation still recorded on the image and not solved
 * yet, so redeliveries and races write once.
 */
export async function recordSolution(
  db: Firestore,
  input: {
    path: ObjectPath;
    generation: string;
    result: SolveResult;
    /** A permanent failure reading the frame (corrupt file): kept on the image as `error`. */
    error?: { code: string; message: string; service: string };
    now: Date;
  },
): Promise<RecordSolutionOutcome> {
  const { path, generation, result, now } = input;
  const imageId = path.image_id;
  let outcome: RecordSolutionOutcome = "recorded";
  await updateImage(db, path, now, async (image, tx) => {
    const decision = solveDecision(image, generation);
    if (decision.action !== "solve") {
      outcome = decision.action === "skip" && decision.reason === "unchanged" ? "unchanged" : "stale";
      return null;
    }
    outcome = "recorded";
    const sequenceId = decision.image.sequence_id as string;
    const observationRef = db.collection(COLLECTIONS.observations).doc(sequenceId);
    const others = result.solved
      ? await tx.get(
          db
            .collection(COLLECTIONS.images)
            .where("sequence_id", "==", sequenceId)
            .where("solved", "==", true),
        )
      : null;
    const update: ImageUpdate = {
      solved: result.solved,
      // The stored shape (models' schema); updateImage validates every field again.
      wcs: result.wcs === null ? null : WcsKeywords.parse(result.wcs),
      pixel_scale: result.pixel_scale,
      rotation: result.rotation,
      stars_detected: result.stars_detected,
      solve_index: result.index,
      solve_seconds: result.seconds,
      solve_reason: result.reason ?? null,
      solve_generation: generation,
    };
    if (result.solved) {
      update.ra_image = result.ra;
      update.dec_image = result.dec;
      update.status = "solved";
    } else if (!input.error) {
      // Solving ran and found nothing (clouds, a flat): the 2020 network's word. A corrupt file stays recorded.
      update.status = "unsolvable";
    }
    if (input.error) update.error = { ...input.error, time: now };
    if (others !== null && result.ra !== null && result.dec !== null) {
      const frames: SolvedCentre[] = [];
      for (const doc of others.docs) {
        if (doc.id === imageId) continue;
        const d = readDoc(ImageDocReadSchema, doc);
        // Only frames solved by solve-image (a unit's own header solution is not a plate solve of ours).
        if (d?.solve_generation == null || typeof d.ra_image !== "number" || typeof d.dec_image !== "number")
          continue;
        if (d.time instanceof Date) frames.push({ time: d.time, ra: d.ra_image, dec: d.dec_image });
      }
      const time = decision.image.time instanceof Date ? decision.image.time : now;
      frames.push({ time, ra: result.ra, dec: result.dec });
      const pointing = observationPointing(frames);
      if (pointing) {
        tx.set(
          observationRef,
          {
            ra: pointing.ra,
            dec: pointing.dec,
            ...skyIndexFields(pointing.ra, pointing.dec),
            drift: pointing.drift,
            updated_time: now,
          },
          { merge: true },
        );
      }
    }
    return update;
  });
  return outcome;
}
