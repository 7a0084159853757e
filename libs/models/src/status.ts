import { z } from "zod";

/**
 * Image states. `received`: a document exists but the FITS header is not recorded yet (e.g. the CR2 arrived
 * first); `recorded`: the header is recorded and counted; `solved`: plate-solved by solve-image (the 2020
 * network's word); `unsolvable`: plate solving ran and found no solution (not an error); `error`: a permanent
 * failure, with `error` set.
 * Transitions: received → recorded | error; error → recorded (replay or re-upload); recorded → recorded (a new
 * generation updates fields without counting again); recorded → solved | unsolvable → recorded (a new
 * generation is solved again); recorded → error is not allowed (a corrupt re-upload of a recorded image is
 * dead-lettered but the good record stays).
 */
export const IMAGE_STATUSES = ["received", "recorded", "solved", "unsolvable", "error"] as const;
export const ImageStatus = z.enum(IMAGE_STATUSES);
export type ImageStatus = z.infer<typeof ImageStatus>;

/**
 * Observation states. record-image creates observations as `receiving`; the processing pipeline (not yet in this
 * repository) moves them to `processing`, then `processed` or `error`. A new image arriving for a processed
 * observation moves it back to `receiving`.
 */
export const OBSERVATION_STATUSES = ["receiving", "processing", "processed", "error"] as const;
export const ObservationStatus = z.enum(OBSERVATION_STATUSES);
export type ObservationStatus = z.infer<typeof ObservationStatus>;

/** Unit states: `active` once an image was recorded; `inactive` is set by operators. */
export const UNIT_STATUSES = ["active", "inactive"] as const;
export const UnitStatus = z.enum(UNIT_STATUSES);
export type UnitStatus = z.infer<typeof UnitStatus>;

/** Processing states of a processed observation or lightcurve job. */
export const PROCESSING_STATUSES = ["pending", "running", "done", "error"] as const;
export const ProcessingStatus = z.enum(PROCESSING_STATUSES);
export type ProcessingStatus = z.infer<typeof ProcessingStatus>;

/** Allowed image status transitions (from → to), the single source of truth for the state machine. */
export const IMAGE_TRANSITIONS: Readonly<Record<ImageStatus | "none", readonly ImageStatus[]>> = {
  none: ["received", "recorded", "error"],
  received: ["received", "recorded", "error"],
  recorded: ["recorded", "solved", "unsolvable"],
  solved: ["recorded", "solved", "unsolvable"],
  unsolvable: ["recorded", "solved", "unsolvable"],
  error: ["recorded", "error"],
};

/** Image states whose header is recorded and counted (a redelivery of their generation changes nothing). */
export const RECORDED_IMAGE_STATUSES: readonly string[] = ["recorded", "solved", "unsolvable"];

/** Whether a stored image status means the header is recorded and counted. */
export function isRecordedImage(status: string | null | undefined): boolean {
  return status != null && RECORDED_IMAGE_STATUSES.includes(status);
}

/** Whether an image may move from `from` (or from no document) to `to`. */
export function canTransitionImage(from: ImageStatus | null, to: ImageStatus): boolean {
  return IMAGE_TRANSITIONS[from ?? "none"].includes(to);
}
