import { type ImageRecorder, readRecordItem, type RecordOutcome } from "@panoptes/ingest";
import { markImageError } from "@panoptes/image-doc";
import { type ObjectMessage, RecordImageMessage, TOPICS } from "@panoptes/models";
import { handleObjectMessage, type MessageDeps, type ObjectStore } from "@panoptes/platform";

export const SERVICE = "record-image";

export interface Deps extends MessageDeps {
  /** where the FITS headers are read, with ranged reads */
  store: ObjectStore;
  /** bound on one header's size (bytes; config MAX_HEADER_BYTES); no END within it is a permanent error */
  maxHeaderBytes?: number;
  /** Records images in group commits keyed by unit, one per instance (createImageRecorder). */
  recorder: ImageRecorder;
  /** Topics the message of each recorded image is published to (config RECORDED_IMAGE_TOPICS); none when absent. */
  recordedImageTopics?: readonly string[];
}

export type HandlerResult = { status: "recorded"; outcome: RecordOutcome };

/**
 * Handles one `record-image` message: reads the FITS header with ranged reads, checks its ids against the path
 * and records unit, observation and image. Permanent failures (malformed message, not FITS, corrupt header, ids
 * contradicting the path) mark the image `error`, keep the event in `dead_letters` and resolve so the message
 * is acknowledged; transient failures reject so Pub/Sub retries (the skeleton: processObjectMessage).
 */
export const handleRecordImage = handleObjectMessage<ObjectMessage, HandlerResult, Deps>({
  service: SERVICE,
  topic: TOPICS.recordImage,
  schema: RecordImageMessage,
  kind: "fits",
  markError: (deps, { message, path, error }) => markImageError(deps.db, { path, error, object: message }),
  async work({ message, path, deps }) {
    const { item, bytesRead } = await readRecordItem(deps.store, message, path, {
      maxHeaderBytes: deps.maxHeaderBytes,
    });
    const outcome = await deps.recorder.record(item);
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
    return {
      result: { status: "recorded", outcome },
      log: `image ${outcome}`,
      fields: { outcome, bytes_read: bytesRead, size: message.size },
    };
  },
});
