import { Cr2Error } from "@panoptes/cr2";
import {
  type Cr2Source,
  Cr2FitsInputError,
  openCr2,
  PRODUCTS,
  productFits,
  productPaths,
} from "@panoptes/cr2-fits";
import {
  type ImageProducts,
  type MakePreviewMessage,
  type MakeRgbFitsMessage,
  MakeRgbFitsMessage as MakeRgbFitsMessageSchema,
  ObjectMessage,
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
import type { Firestore } from "firebase-admin/firestore";
import { createHash } from "node:crypto";
import { currentProducts, generationOrder, markCr2Error, recordProducts } from "./image-doc";

export const SERVICE = "make-rgb-fits";

/** MIME type of the products (RFC 4047). */
export const FITS_CONTENT_TYPE = "application/fits";

export interface Deps {
  db: Firestore;
  publisher: Publisher;
  logger: Logger;
  /** reads the CR2 (one generation) and writes the products */
  store: Pick<ObjectStore, "read" | "write">;
  /** bucket the products are written to (config RGB_BUCKET) */
  rgbBucket: string;
  /** topics told of each CR2's products, with their paths as `rgb` (config RGB_PRODUCT_TOPICS); none when absent */
  productTopics?: readonly string[];
  now?: () => Date;
}

/** Publishes the CR2's message with its R, G, B product paths (make-preview renders them); idempotent downstream. */
async function announceProducts(
  deps: Deps,
  message: MakeRgbFitsMessage,
  products: ImageProducts,
): Promise<void> {
  const { r, g, b } = products;
  if (!r || !g || !b) return;
  // The object's own fields (zod drops `options`), and where its products are.
  const body: MakePreviewMessage = {
    ...ObjectMessage.parse(message),
    rgb: { bucket: deps.rgbBucket, r, g, b },
  };
  for (const topic of deps.productTopics ?? []) {
    await deps.publisher.publishJson(topic, body, {
      image_id: message.image_id,
      generation: message.generation,
    });
  }
}

export type HandlerResult =
  | { status: "made"; products: ImageProducts; outcome: "created" | "updated" | "stale" }
  | { status: "skipped"; reason: "same-generation" | "newer-generation-made" }
  | { status: "error"; code: string; deadLetterId: string };

/** Downloads and decodes the CR2; the file bytes are dropped on return so only the mosaic stays in memory. */
async function loadSource(deps: Deps, message: MakeRgbFitsMessage): Promise<Cr2Source> {
  const bytes = await deps.store.read(message.bucket, message.bucket_path, message.generation);
  try {
    return openCr2(bytes);
  } catch (err) {
    if (err instanceof Cr2Error || err instanceof Cr2FitsInputError || err instanceof RangeError) {
      const code = (err as { code?: unknown }).code;
      throw new PermanentError(
        "corrupt-cr2",
        `gs://${message.bucket}/${message.bucket_path}#${message.generation} is not a readable CR2` +
          `${typeof code === "string" ? ` (${code})` : ""}: ${err.message}`,
        { cause: err },
      );
    }
    throw err;
  }
}

async function deadLetter(
  deps: Deps,
  message: Record<string, unknown>,
  error: { code: string; message: string },
  key: string,
  now: Date,
): Promise<string> {
  return recordDeadLetter(
    deps,
    { topic: TOPICS.makeRgbFits, message, service: SERVICE, error, failed_time: now.toISOString() },
    key,
  );
}

/**
 * Handles one `make-rgb-fits` message: converts the CR2 generation it names into `IMGTIME.fits` (Bayer, when
 * `options.bayer`, default true) and `IMGTIME_{r,g,b}.fits` (`options.interpolation`, default bilinear) under
 * the same path in the RGB bucket, one product at a time, then records their paths on the image document.
 * Idempotent: a generation whose products are already recorded is skipped, as is one older than the recorded
 * products' source. Permanent failures (malformed message, not a CR2, corrupt or missing file) mark the image
 * `error` (unless it is recorded), keep the event in `dead_letters` and return normally so the message is
 * acknowledged; transient Storage / Firestore failures throw so Pub/Sub retries.
 */
export async function handleMakeRgbFits(data: unknown, deps: Deps): Promise<HandlerResult> {
  const now = deps.now?.() ?? new Date();
  const parsed = MakeRgbFitsMessageSchema.safeParse(data);
  if (!parsed.success) {
    const error = {
      code: "invalid-message",
      message: `make-rgb-fits message is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    };
    const key = createHash("sha256")
      .update(JSON.stringify(data ?? null))
      .digest("hex");
    const body = (typeof data === "object" && data !== null ? data : { value: data }) as Record<
      string,
      unknown
    >;
    const id = await deadLetter(deps, body, error, key, now);
    deps.logger.error(error.message, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
  const message = parsed.data;
  const interpolation = message.options?.interpolation ?? "bilinear";
  const withBayer = message.options?.bayer ?? true;
  const log = deps.logger.child({ image_id: message.image_id, generation: message.generation });
  let path: ObjectPath | undefined;
  try {
    path = checkedMessagePath(message, "cr2");
    const made = await currentProducts(deps.db, path.image_id);
    if (made?.source_generation) {
      const order = generationOrder(made.source_generation, message.generation);
      const same = order === 0 && made.interpolation === interpolation && (made.bayer !== null) === withBayer;
      if (same) {
        // The first delivery may have stopped before announcing them.
        await announceProducts(deps, message, made);
        log.info("products of this generation already recorded", { outcome: "skipped" });
        return { status: "skipped", reason: "same-generation" };
      }
      if (order > 0) {
        log.info("products of a newer generation already recorded", { outcome: "skipped" });
        return { status: "skipped", reason: "newer-generation-made" };
      }
    }
    const source = await loadSource(deps, message);
    const paths = productPaths(path.canonical_path);
    const ids = {
      unit_id: path.unit_id,
      camera_id: path.camera_id,
      sequence_id: path.sequence_id,
      image_id: path.image_id,
    };
    const started = Date.now();
    for (const product of PRODUCTS) {
      if (product === "bayer" && !withBayer) continue;
      // One product in memory at a time: the 512 MiB function holds the mosaic plus one FITS file.
      await deps.store.write(
        deps.rgbBucket,
        paths[product],
        productFits(source, product, { ids, interpolation }),
        {
          contentType: FITS_CONTENT_TYPE,
          metadata: {
            source_path: message.bucket_path,
            source_generation: message.generation,
            interpolation,
          },
        },
      );
    }
    const products: ImageProducts = {
      bayer: withBayer ? paths.bayer : null,
      r: paths.r,
      g: paths.g,
      b: paths.b,
      interpolation,
      source_generation: message.generation,
      made_time: now,
    };
    const outcome = await recordProducts(deps.db, path, products, now);
    if (outcome !== "stale") await announceProducts(deps, message, products);
    log.info(`products ${outcome}`, {
      outcome,
      size: message.size,
      width: source.mosaic.width,
      height: source.mosaic.height,
      interpolation,
      ms: Date.now() - started,
    });
    return { status: "made", products, outcome };
  } catch (err) {
    if (errorKind(err) === "transient") {
      log.warn(`transient failure, Pub/Sub will retry: ${(err as Error).message}`, { error: errorInfo(err) });
      throw err;
    }
    const error = errorInfo(err);
    if (path) await markCr2Error(deps.db, path, { ...error, service: SERVICE, time: now }, now);
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
