import {
  type ImagePreviews,
  type MakePreviewMessage,
  MakePreviewMessage as MakePreviewMessageSchema,
  TOPICS,
} from "@panoptes/models";
import {
  errorKind,
  handleObjectMessage,
  type MessageDeps,
  type ObjectStore,
  PermanentError,
} from "@panoptes/platform";
import {
  encodePreviewFiles,
  type Preview,
  PREVIEW_CONTENT_TYPE,
  PreviewInputError,
  previewOfFitsBytes,
  previewOfRgbFits,
} from "@panoptes/preview";
import { currentPreviews, type PreviewDecision, previewDecision, recordPreviews } from "./image-doc";
import { previewPaths } from "./preview-paths";

export const SERVICE = "make-preview";

export interface Deps extends MessageDeps {
  /** reads the frame (or its R, G, B products) and writes the previews */
  store: Pick<ObjectStore, "read" | "write">;
  /** bucket the previews are written to (config PREVIEW_BUCKET) */
  previewBucket: string;
}

export type HandlerResult =
  | { status: "made"; previews: ImagePreviews }
  | { status: "skipped"; reason: Exclude<PreviewDecision, "make"> };

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

/** The previews field of a frame whose pixels could not be read: the reason, no files. */
function failedPreviews(
  source: ImagePreviews["source"],
  generation: string,
  error: NonNullable<ImagePreviews["error"]>,
): ImagePreviews {
  return {
    status: "error",
    source,
    generation,
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
    error,
    made_time: error.time,
  };
}

const sourceOf = (message: MakePreviewMessage): ImagePreviews["source"] => (message.rgb ? "cr2" : "fits");

/**
 * Handles one `make-preview` message: renders the frame it names (a FITS, or with `rgb` the CR2's R, G, B
 * products), writes `UNIT/CAM/SEQ/IMG-preview.jpg` and `-thumb.jpg` to the previews bucket and records them on
 * the image as `previews`. Idempotent per source and generation (previewDecision): a redelivery writes nothing.
 * A frame whose pixels cannot be read is recorded as `previews.status: error`, dead-lettered and acknowledged;
 * transient Storage / Firestore failures reject so Pub/Sub retries (the skeleton: processObjectMessage).
 */
export const handleMakePreview = handleObjectMessage<MakePreviewMessage, HandlerResult, Deps>({
  service: SERVICE,
  topic: TOPICS.makePreview,
  schema: MakePreviewMessageSchema,
  kind: sourceOf,
  // Recorded where it can be (an image without a document is only dead-lettered).
  markError: (deps, { message, path, error }) =>
    recordPreviews(
      deps.db,
      path,
      failedPreviews(sourceOf(message), message.generation, error),
      error.time,
    ).catch((e: unknown) => {
      if (errorKind(e) === "transient") throw e;
    }),
  async work({ message, path, deps, now }) {
    const source = sourceOf(message);
    const decision = previewDecision(
      await currentPreviews(deps.db, path.image_id),
      source,
      message.generation,
    );
    if (decision !== "make") {
      return {
        result: { status: "skipped", reason: decision },
        log: `previews skipped: ${decision}`,
        fields: { outcome: "skipped", source },
      };
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
    const frameScale = source === "fits" && preview.mode === "bayer" ? 2 : 1;
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
      frame_width: preview.sourceWidth * frameScale,
      frame_height: preview.sourceHeight * frameScale,
      zscale: preview.zscale,
      error: null,
      made_time: now,
    };
    const outcome = await recordPreviews(deps.db, path, previews, now);
    if (outcome !== "make") {
      return {
        result: { status: "skipped", reason: outcome },
        log: `previews written, record skipped: ${outcome}`,
        fields: { outcome: "skipped", source },
      };
    }
    return {
      result: { status: "made", previews },
      log: "previews made",
      fields: {
        outcome: "made",
        source,
        bytes: files.preview.length + files.thumb.length,
        width: previews.width,
        zscale: preview.zscale,
        ms: Date.now() - started,
      },
    };
  },
});
