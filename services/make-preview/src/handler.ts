import {
  type ImagePreviews,
  type MakePreviewMessage,
  MakePreviewMessage as MakePreviewMessageSchema,
  type ObjectPath,
  TOPICS,
} from "@panoptes/models";
import {
  checkedMessagePath,
  errorInfo,
  errorKind,
  type Logger,
  type ObjectStore,
  PermanentError,
  type Publisher,
  recordDeadLetter,
} from "@panoptes/platform";
import {
  encodePreviewFiles,
  type Preview,
  PREVIEW_CONTENT_TYPE,
  PreviewInputError,
  previewOfFitsBytes,
  previewOfRgbFits,
} from "@panoptes/preview";
import type { Firestore } from "firebase-admin/firestore";
import { createHash } from "node:crypto";
import { currentPreviews, type PreviewDecision, previewDecision, recordPreviews } from "./image-doc";
import { previewPaths } from "./preview-paths";

export const SERVICE = "make-preview";

export interface Deps {
  db: Firestore;
  publisher: Publisher;
  logger: Logger;
  /** reads the frame (or its R, G, B products) and writes the previews */
  store: Pick<ObjectStore, "read" | "write">;
  /** bucket the previews are written to (config PREVIEW_BUCKET) */
  previewBucket: string;
  now?: () => Date;
}

export type HandlerResult =
  | { status: "made"; previews: ImagePreviews }
  | { status: "skipped"; reason: Exclude<PreviewDecision, "make"> }
  | { status: "error"; code: string; deadLetterId: string };

// The frame's pixels, rendered: a FITS (superpixel colour) or a CR2's R, G, B products. Unreadable pixels are a
// permanent failure (`corrupt-image`), anything else (Storage) keeps its own kind.
async function render(deps: Deps, message: MakePreviewMessage): Promise<Preview> {
  const where = `gs://${message.bucket}/${message.bucket_path}#${message.generation}`;
  try {
    const rgb = message.rgb;
    if (rgb) return await previewOfRgbFits((c) => deps.store.read(rgb.bucket, rgb[c]));
    return await previewOfFitsBytes(
      await deps.store.read(message.bucket, message.bucket_path, message.generation),
      where,
    );
  } catch (err) {
    if (err instanceof PreviewInputError) {
      throw new PermanentError("corrupt-image", `no preview of ${where}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

function deadLetter(
  deps: Deps,
  message: Record<string, unknown>,
  error: { code: string; message: string },
  key: string,
  now: Date,
) {
  return recordDeadLetter(
    deps,
    { topic: TOPICS.makePreview, message, service: SERVICE, error, failed_time: now.toISOString() },
    key,
  );
}

/**
 * Handles one `make-preview` message: renders the frame it names (a FITS, or with `rgb` the CR2's R, G, B
 * products), writes `UNIT/CAM/SEQ/IMG-preview.jpg` and `-thumb.jpg` to the previews bucket and records them on
 * the image as `previews`. Idempotent per source and generation (previewDecision): a redelivery writes nothing.
 * A frame whose pixels cannot be read is recorded as `previews.status: error`, dead-lettered and acknowledged;
 * transient Storage / Firestore failures throw so Pub/Sub retries.
 */
export async function handleMakePreview(data: unknown, deps: Deps): Promise<HandlerResult> {
  const now = deps.now?.() ?? new Date();
  const parsed = MakePreviewMessageSchema.safeParse(data);
  if (!parsed.success) {
    const error = {
      code: "invalid-message",
      message: `make-preview message is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    };
    const body = (typeof data === "object" && data !== null ? data : { value: data }) as Record<
      string,
      unknown
    >;
    const key = createHash("sha256")
      .update(JSON.stringify(data ?? null))
      .digest("hex");
    const id = await deadLetter(deps, body, error, key, now);
    deps.logger.error(error.message, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
  const message = parsed.data;
  const source: ImagePreviews["source"] = message.rgb ? "cr2" : "fits";
  const log = deps.logger.child({ image_id: message.image_id, generation: message.generation, source });
  let path: ObjectPath | undefined;
  try {
    path = checkedMessagePath(message, source);
    const decision = previewDecision(
      await currentPreviews(deps.db, path.image_id),
      source,
      message.generation,
    );
    if (decision !== "make") {
      log.info(`previews skipped: ${decision}`, { outcome: "skipped" });
      return { status: "skipped", reason: decision };
    }
    const started = Date.now();
    const preview = await render(deps, message);
    const files = await encodePreviewFiles(preview);
    const paths = previewPaths(path.canonical_path);
    const metadata = { source, source_path: message.bucket_path, source_generation: message.generation };
    await deps.store.write(deps.previewBucket, paths.preview, files.preview, {
      contentType: PREVIEW_CONTENT_TYPE,
      metadata,
    });
    await deps.store.write(deps.previewBucket, paths.thumb, files.thumb, {
      contentType: PREVIEW_CONTENT_TYPE,
      metadata,
    });
    const previews: ImagePreviews = {
      status: "made",
      source,
      generation: message.generation,
      bucket: deps.previewBucket,
      preview: paths.preview,
      thumb: paths.thumb,
      width: preview.preview.width,
      height: preview.preview.height,
      thumb_width: preview.thumb.width,
      thumb_height: preview.thumb.height,
      frame_width:
        source === "fits" && preview.mode === "bayer" ? preview.sourceWidth * 2 : preview.sourceWidth,
      frame_height:
        source === "fits" && preview.mode === "bayer" ? preview.sourceHeight * 2 : preview.sourceHeight,
      zscale: preview.zscale,
      error: null,
      made_time: now,
    };
    const outcome = await recordPreviews(deps.db, path.image_id, previews, now);
    if (outcome !== "make") {
      log.info(`previews written, record skipped: ${outcome}`, { outcome: "skipped" });
      return { status: "skipped", reason: outcome };
    }
    log.info("previews made", {
      outcome: "made",
      bytes: files.preview.length + files.thumb.length,
      width: previews.width,
      zscale: preview.zscale,
      ms: Date.now() - started,
    });
    return { status: "made", previews };
  } catch (err) {
    if (errorKind(err) === "transient") {
      log.warn(`transient failure, Pub/Sub will retry: ${(err as Error).message}`, { error: errorInfo(err) });
      throw err;
    }
    const error = errorInfo(err);
    if (path) {
      const failed: ImagePreviews = {
        status: "error",
        source,
        generation: message.generation,
        bucket: null,
        preview: null,
        thumb: null,
        width: null,
        height: null,
        thumb_width: null,
        thumb_height: null,
        frame_width: null,
        frame_height: null,
        zscale: null,
        error: { ...error, service: SERVICE, time: now },
        made_time: now,
      };
      // Recorded where it can be (an image without a document is only dead-lettered).
      await recordPreviews(deps.db, path.image_id, failed, now).catch((e: unknown) => {
        if (errorKind(e) === "transient") throw e;
      });
    }
    const id = await deadLetter(
      deps,
      message as unknown as Record<string, unknown>,
      error,
      `${message.bucket}/${message.bucket_path}#${message.generation}`,
      now,
    );
    log.error(`permanent failure: ${error.message}`, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
}
