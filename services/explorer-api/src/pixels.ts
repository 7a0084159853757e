import { bufferByteSource, FitsError, physicalPixels, readImage } from "@panoptes/fits";
import type { ObjectStore } from "@panoptes/platform";
import { HttpError } from "@panoptes/platform";

/** A block of a stored frame's physical pixel values (BSCALE/BZERO applied), FITS pixels 1-based. */
export interface PixelBlock {
  /** FITS x and y (1-based) of the block's first value */
  x0: number;
  y0: number;
  width: number;
  height: number;
  /** row-major from (x0, y0): row y0 first (FITS order: upwards) */
  values: number[];
  /** the frame's size in pixels */
  frame: [number, number];
}

/** Reads pixel blocks of stored FITS frames, keeping the last few decoded frames of this instance in memory. */
export interface PixelReader {
  block(
    bucket: string,
    path: string,
    generation: string | null,
    at: { x: number; y: number; size: number },
  ): Promise<PixelBlock>;
}

interface Decoded {
  width: number;
  height: number;
  values: ArrayLike<number | bigint>;
}

/**
 * A PixelReader over an object store: the frame is read and decoded whole once (Rice tiles are rows; a cut-out
 * would need most of them anyway for the viewer's moving cursor), then served from the `keep` most recent.
 */
export function createPixelReader(store: Pick<ObjectStore, "read">, keep = 2): PixelReader {
  const cache = new Map<string, Promise<Decoded>>();
  const load = (bucket: string, path: string, generation: string | null): Promise<Decoded> => {
    const key = `${bucket}/${path}#${generation ?? ""}`;
    let hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    hit = (async () => {
      try {
        const image = await readImage(
          bufferByteSource(await store.read(bucket, path, generation ?? undefined)),
          {
            hdu: "image",
          },
        );
        const [width, height] = image.axes;
        if (image.axes.length !== 2 || !width || !height) {
          throw new HttpError(422, "not-an-image", `${path} is not a 2-D image (${image.axes.join("×")})`);
        }
        return { width, height, values: physicalPixels(image) };
      } catch (err) {
        if (err instanceof FitsError) throw new HttpError(422, "unreadable-fits", `${path}: ${err.message}`);
        throw err;
      }
    })();
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
    while (cache.size > keep) cache.delete(cache.keys().next().value as string);
    return hit;
  };
  return {
    async block(bucket, path, generation, at) {
      const frame = await load(bucket, path, generation);
      if (at.x < 1 || at.y < 1 || at.x > frame.width || at.y > frame.height) {
        throw new HttpError(
          400,
          "invalid-parameter",
          `pixel (${at.x}, ${at.y}) is outside the ${frame.width}×${frame.height} frame`,
        );
      }
      const half = Math.floor(at.size / 2);
      const x0 = Math.max(1, Math.min(at.x - half, frame.width - at.size + 1));
      const y0 = Math.max(1, Math.min(at.y - half, frame.height - at.size + 1));
      const width = Math.min(at.size, frame.width - x0 + 1);
      const height = Math.min(at.size, frame.height - y0 + 1);
      const values: number[] = [];
      for (let y = y0; y < y0 + height; y++) {
        for (let x = x0; x < x0 + width; x++)
          values.push(Number(frame.values[(y - 1) * frame.width + (x - 1)]));
      }
      return { x0, y0, width, height, values, frame: [frame.width, frame.height] };
    },
  };
}
