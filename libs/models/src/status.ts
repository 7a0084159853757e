import { z } from "zod";

/**
 * One status vocabulary, the 2020 network's words included (`receiving_files`, `solved`). Writers write only
 * these words; readers also accept the older words below (`LEGACY_STATUS_WORDS`) until `panoptes migrate` has
 * rewritten them.
 */

/**
 * Image states. `received`: a document exists but the FITS header is not recorded yet (e.g. the CR2 arrived
 * first); `recorded`: the header is recorded and counted; `solved`: plate-solved (the 2020 network's word);
 * `unsolvable`: plate solving ran and found no solution (not an error); `error`: a permanent failure, with
 * `error` set. Transitions in IMAGE_TRANSITIONS.
 */
export const IMAGE_STATUSES = ["received", "recorded", "solved", "unsolvable", "error"] as const;
export const ImageStatus = z.enum(IMAGE_STATUSES);
export type ImageStatus = z.infer<typeof ImageStatus>;

/**
 * Observation states. record-image creates observations as `receiving_files` (the 2020 network's word); the
 * processing pipeline moves them to `processing`, then `processed` or `error`. A new image arriving for a
 * processed observation moves it back to `receiving_files`.
 */
export const OBSERVATION_STATUSES = ["receiving_files", "processing", "processed", "error"] as const;
export const ObservationStatus = z.enum(OBSERVATION_STATUSES);
export type ObservationStatus = z.infer<typeof ObservationStatus>;

/** Unit states: `active` once an image was recorded; `inactive` is set by operators. */
export const UNIT_STATUSES = ["active", "inactive"] as const;
export const UnitStatus = z.enum(UNIT_STATUSES);
export type UnitStatus = z.infer<typeof UnitStatus>;

/** States of a processing run (`processed_observations`): queued → running → done | failed. */
export const PROCESSING_STATUSES = ["queued", "running", "done", "failed"] as const;
export const ProcessingStatus = z.enum(PROCESSING_STATUSES);
export type ProcessingStatus = z.infer<typeof ProcessingStatus>;

/** The collections whose documents carry a status word. */
export type StatusKind = "image" | "observation" | "unit" | "processing";

/** Every current word per kind. */
export const STATUS_WORDS: Readonly<Record<StatusKind, readonly string[]>> = {
  image: IMAGE_STATUSES,
  observation: OBSERVATION_STATUSES,
  unit: UNIT_STATUSES,
  processing: PROCESSING_STATUSES,
};

/**
 * Older words → current words, per kind: what this project wrote before the vocabulary took the 2020 words
 * (`receiving`, `pending`, processing `error`). Image words did not change.
 */
export const LEGACY_STATUS_WORDS: Readonly<Record<StatusKind, Readonly<Record<string, string>>>> = {
  image: {},
  observation: { receiving: "receiving_files" },
  unit: {},
  processing: { pending: "queued", error: "failed" },
};

/**
 * The current word for a stored status: a current word as is, an older word mapped (LEGACY_STATUS_WORDS), any
 * other word unchanged (readers show what they cannot map rather than failing).
 */
export function currentStatus(kind: StatusKind, word: string): string {
  if (STATUS_WORDS[kind].includes(word)) return word;
  return LEGACY_STATUS_WORDS[kind][word] ?? word;
}

/** A current word and the older words that mean it (for queries that must match unmigrated documents). */
export function statusWordsFor(kind: StatusKind, word: string): string[] {
  return [
    word,
    ...Object.keys(LEGACY_STATUS_WORDS[kind]).filter((w) => LEGACY_STATUS_WORDS[kind][w] === word),
  ];
}

/** Image states whose header is recorded and counted (a redelivery of their generation changes nothing). */
export const RECORDED_IMAGE_STATUSES: readonly string[] = ["recorded", "solved", "unsolvable"];

/** Whether a stored image status (current or older word) means the header is recorded and counted. */
export function isRecordedImage(status: string | null | undefined): boolean {
  return status != null && RECORDED_IMAGE_STATUSES.includes(currentStatus("image", status));
}

/**
 * Allowed image status transitions (from → to), the single source of truth for the state machine. A new
 * generation of a solved image is recorded again (and solved again).
 */
export const IMAGE_TRANSITIONS: Readonly<Record<ImageStatus | "none", readonly ImageStatus[]>> = {
  none: ["received", "recorded", "error"],
  received: ["received", "recorded", "error"],
  recorded: ["recorded", "solved", "unsolvable"],
  solved: ["recorded", "solved", "unsolvable"],
  unsolvable: ["recorded", "solved", "unsolvable"],
  error: ["recorded", "error"],
};

/** Whether an image may move from `from` (or from no document) to `to`. */
export function canTransitionImage(from: ImageStatus | null, to: ImageStatus): boolean {
  return IMAGE_TRANSITIONS[from ?? "none"].includes(to);
}
