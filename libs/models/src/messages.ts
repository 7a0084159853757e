import { z } from "zod";
import { CameraId, UnitId } from "./ids";
import { FILE_KINDS, type ObjectPath, parseObjectPath } from "./paths";

/** Pub/Sub topic names, declared once. */
export const TOPICS = {
  recordImage: "record-image",
  makeRgbFits: "make-rgb-fits",
  makePreview: "make-preview",
  deadLetter: "pipeline-dead-letter",
  solveImage: "solve-image",
  processObservation: "process-observation",
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * The message raw-file-uploaded publishes for a new object (JSON body). Attributes repeat `image_id` and
 * `generation` so subscribers can filter and log without decoding.
 */
export const ObjectMessage = z.object({
  bucket: z.string().min(3).max(222),
  bucket_path: z.string().min(1).max(1024),
  /** object generation, a decimal string (beyond 2^53) */
  generation: z.string().regex(/^\d+$/, "generation must be a decimal string"),
  /** bytes */
  size: z.number().int().nonnegative(),
  content_type: z.string().nullable(),
  /** base64 MD5 of the object, as Cloud Storage reports it */
  md5: z.string().nullable(),
  unit_id: UnitId,
  camera_id: CameraId,
  sequence_id: z.string(),
  image_id: z.string(),
  sequence_time: z.string(),
  image_time: z.string(),
  kind: z.enum(FILE_KINDS),
  /** when the object was finalized (ISO 8601) */
  time_created: z.string().nullable(),
});
export type ObjectMessage = z.infer<typeof ObjectMessage>;

/** The message for a stored object: its storage facts plus the ids its parsed path gives. */
export function objectMessage(
  object: Pick<ObjectMessage, "bucket" | "generation" | "size" | "content_type" | "md5" | "time_created">,
  path: ObjectPath,
): ObjectMessage {
  return {
    ...object,
    bucket_path: path.bucket_path,
    unit_id: path.unit_id,
    camera_id: path.camera_id,
    sequence_id: path.sequence_id,
    image_id: path.image_id,
    sequence_time: path.sequence_time,
    image_time: path.image_time,
    kind: path.kind,
  };
}

export const RecordImageMessage = ObjectMessage;
export type RecordImageMessage = ObjectMessage;

export const RgbOptions = z.object({
  interpolation: z.enum(["half", "bilinear"]).default("bilinear"),
  bayer: z.boolean().default(true),
});
export type RgbOptions = z.infer<typeof RgbOptions>;

export const MakeRgbFitsMessage = ObjectMessage.extend({ options: RgbOptions.optional() });
export type MakeRgbFitsMessage = z.infer<typeof MakeRgbFitsMessage>;

/** Where make-rgb-fits wrote a CR2's R, G, B FITS products (all in one bucket). */
export const RgbProductPaths = z.object({
  bucket: z.string().min(3).max(222),
  r: z.string().min(1).max(1024),
  g: z.string().min(1).max(1024),
  b: z.string().min(1).max(1024),
});
export type RgbProductPaths = z.infer<typeof RgbProductPaths>;

/**
 * `make-preview`: the recorded object (a FITS, from record-image; or a CR2, from make-rgb-fits, with `rgb`
 * naming its R, G, B products, which the colour preview is made from).
 */
export const MakePreviewMessage = ObjectMessage.extend({ rgb: RgbProductPaths.optional() });
export type MakePreviewMessage = z.infer<typeof MakePreviewMessage>;

/**
 * `process-observation`: run the processing run `processed_observation_id` (a `processed_observations` document
 * created `queued` by whoever published this) of observation `sequence_id`. The run id makes a redelivery
 * harmless: a run that is already running, done or failed is not started again.
 */
export const ProcessObservationMessage = z.object({
  sequence_id: z.string().min(1).max(200),
  processed_observation_id: z.string().min(1).max(200),
});
export type ProcessObservationMessage = z.infer<typeof ProcessObservationMessage>;

/** What a permanent failure publishes to `pipeline-dead-letter` and keeps in the `dead_letters` collection. */
export const DeadLetterMessage = z.object({
  /** the topic the failed message came from, where a replay sends it again */
  topic: z.string(),
  /** the failed message body, unchanged */
  message: z.record(z.string(), z.unknown()),
  service: z.string(),
  error: z.object({ code: z.string(), message: z.string() }),
  /** ISO 8601 */
  failed_time: z.string(),
});
export type DeadLetterMessage = z.infer<typeof DeadLetterMessage>;

/** Raised when a message's ids contradict its object path, or its path names the wrong kind of file. */
export class MessagePathError extends Error {
  /** Always permanent: the same message can never succeed. */
  readonly kind = "permanent" as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MessagePathError";
  }
}

/**
 * The parsed path of an object message, checked: its ids must be those of its path and its kind `kind`.
 * Throws InvalidPathError (`invalid-path`) for a path that does not parse, MessagePathError
 * (`message-inconsistent`, `not-<kind>`) otherwise.
 */
export function checkedMessagePath(message: ObjectMessage, kind: ObjectPath["kind"]): ObjectPath {
  const path = parseObjectPath(message.bucket_path);
  const mismatched = (["unit_id", "camera_id", "sequence_id", "image_id"] as const).filter(
    (k) => path[k] !== message[k],
  );
  if (mismatched.length > 0) {
    throw new MessagePathError(
      "message-inconsistent",
      `message ids ${mismatched.join(", ")} differ from those of ${message.bucket_path}`,
    );
  }
  if (path.kind !== kind)
    throw new MessagePathError(`not-${kind}`, `${message.bucket_path} is not a ${kind.toUpperCase()} file`);
  return path;
}
