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
  TOPICS,
} from "@panoptes/models";
import { generationOrder, markImageError } from "@panoptes/image-doc";
import { handleObjectMessage, type MessageDeps, type ObjectStore, PermanentError } from "@panoptes/platform";
import { currentProducts, recordProducts } from "./products";

export const SERVICE = "make-rgb-fits";

/** MIME type of the products (RFC 4047). */
export const FITS_CONTENT_TYPE = "application/fits";

export interface Deps extends MessageDeps {
  /** reads the CR2 (one generation) and writes the products */
  store: Pick<ObjectStore, "read" | "write">;
  /** bucket the products are written to (config RGB_BUCKET) */
  rgbBucket: string;
  /** topics told of each CR2's products, with their paths as `rgb` (config RGB_PRODUCT_TOPICS); none when absent */
  productTopics?: readonly string[];
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
  | { status: "skipped"; reason: "same-generation" | "newer-generation-made" };

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

/**
 * Handles one `make-rgb-fits` message: converts the CR2 generation it names into `IMGTIME.fits` (Bayer, when
 * `options.bayer`, default true) and `IMGTIME_{r,g,b}.fits` (`options.interpolation`, default bilinear) under
 * the same path in the RGB bucket, one product at a time, then records their paths on the image document.
 * Idempotent: a generation whose products are already recorded is skipped, as is one older than the recorded
 * products' source. Permanent failures (malformed message, not a CR2, corrupt or missing file) mark the image
 * `error` (unless it is recorded), keep the event in `dead_letters` and return normally so the message is
 * acknowledged; transient Storage / Firestore failures reject so Pub/Sub retries (the skeleton:
 * processObjectMessage).
 */
export const handleMakeRgbFits = handleObjectMessage<MakeRgbFitsMessage, HandlerResult, Deps>({
  service: SERVICE,
  topic: TOPICS.makeRgbFits,
  schema: MakeRgbFitsMessageSchema,
  kind: "cr2",
  // The failure is about the CR2: the document keeps naming the FITS, if one is recorded.
  markError: (deps, { path, error }) => markImageError(deps.db, { path, error }),
  async work({ message, path, deps, now }) {
    const interpolation = message.options?.interpolation ?? "bilinear";
    const withBayer = message.options?.bayer ?? true;
    const made = await currentProducts(deps.db, path.image_id);
    if (made?.source_generation) {
      const order = generationOrder(made.source_generation, message.generation);
      const same = order === 0 && made.interpolation === interpolation && (made.bayer !== null) === withBayer;
      if (same) {
        // The first delivery may have stopped before announcing them.
        await announceProducts(deps, message, made);
        return {
          result: { status: "skipped", reason: "same-generation" },
          log: "products of this generation already recorded",
          fields: { outcome: "skipped" },
        };
      }
      if (order > 0) {
        return {
          result: { status: "skipped", reason: "newer-generation-made" },
          log: "products of a newer generation already recorded",
          fields: { outcome: "skipped" },
        };
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
    return {
      result: { status: "made", products, outcome },
      log: `products ${outcome}`,
      fields: {
        outcome,
        size: message.size,
        width: source.mosaic.width,
        height: source.mosaic.height,
        interpolation,
        ms: Date.now() - started,
      },
    };
  },
});
