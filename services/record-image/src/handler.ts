import { ObjectMessage as ObjectMessageSchema, type ObjectPath, TOPICS } from "@panoptes/models";
import {
  checkedMessagePath,
  errorInfo,
  errorKind,
  type Logger,
  PermanentError,
  type Publisher,
  recordDeadLetter,
} from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";
import { createHash } from "node:crypto";
import {
  type HeaderValues,
  idContradictions,
  type ImageRecorder,
  markImageError,
  type RecordOutcome,
} from "@panoptes/ingest";

export const SERVICE = "record-image";

export interface Deps {
  db: Firestore;
  publisher: Publisher;
  logger: Logger;
  /** Reads the image header of one object generation with ranged reads (keyword → value). */
  readHeader(
    bucket: string,
    path: string,
    generation: string,
  ): Promise<{ header: HeaderValues; bytesRead: number }>;
  now?: () => Date;
  /** Records images in group commits keyed by unit, one per instance (createImageRecorder). */
  recorder: ImageRecorder;
  /** Topics the message of each recorded image is published to (config RECORDED_IMAGE_TOPICS); none when absent. */
  recordedImageTopics?: readonly string[];
}

export type HandlerResult =
  { status: "recorded"; outcome: RecordOutcome } | { status: "error"; code: string; deadLetterId: string };

/**
 * Handles one `record-image` message. Permanent failures (malformed message, not FITS, corrupt header, ids
 * contradicting the path) mark the image `error`, keep the event in `dead_letters` and return normally so the
 * message is acknowledged; transient failures throw so Pub/Sub retries.
 */
export async function handleRecordImage(data: unknown, deps: Deps): Promise<HandlerResult> {
  const now = deps.now?.() ?? new Date();
  const parsed = ObjectMessageSchema.safeParse(data);
  if (!parsed.success) {
    const error = {
      code: "invalid-message",
      message: `record-image message is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    };
    const key = createHash("sha256")
      .update(JSON.stringify(data ?? null))
      .digest("hex");
    const id = await recordDeadLetter(
      deps,
      {
        topic: TOPICS.recordImage,
        message: (typeof data === "object" && data !== null ? data : { value: data }) as Record<
          string,
          unknown
        >,
        service: SERVICE,
        error,
        failed_time: now.toISOString(),
      },
      key,
    );
    deps.logger.error(error.message, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
  const message = parsed.data;
  const log = deps.logger.child({ image_id: message.image_id, generation: message.generation });
  let path: ObjectPath | undefined;
  try {
    const checked = checkedMessagePath(message, "fits");
    path = checked;
    const { header, bytesRead } = await deps.readHeader(
      message.bucket,
      message.bucket_path,
      message.generation,
    );
    const problems = idContradictions(header, checked);
    if (problems.length > 0) throw new PermanentError("ids-inconsistent", problems.join("; "));
    const outcome = await deps.recorder.record({ message, path: checked, header });
    // Also on a redelivery (unchanged): the first delivery may have failed before publishing; subscribers are
    // idempotent per generation. A stale generation is not the image's any more.
    if (outcome !== "stale") {
      for (const topic of deps.recordedImageTopics ?? []) {
        await deps.publisher.publishJson(topic, message, {
          image_id: message.image_id,
          generation: message.generation,
        });
      }
    }
    log.info(`image ${outcome}`, { outcome, bytes_read: bytesRead, size: message.size });
    return { status: "recorded", outcome };
  } catch (err) {
    if (errorKind(err) === "transient") {
      log.warn(`transient failure, Pub/Sub will retry: ${(err as Error).message}`, { error: errorInfo(err) });
      throw err;
    }
    const error = errorInfo(err);
    if (path) await markImageError(deps.db, { message, path, error, service: SERVICE, now });
    const id = await recordDeadLetter(
      deps,
      {
        topic: TOPICS.recordImage,
        message: message as unknown as Record<string, unknown>,
        service: SERVICE,
        error,
        failed_time: now.toISOString(),
      },
      `${message.bucket}/${message.bucket_path}#${message.generation}`,
    );
    log.error(`permanent failure: ${error.message}`, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
}
