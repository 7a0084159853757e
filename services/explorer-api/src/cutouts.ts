import { countingByteSource, FitsError, physicalPixels, readImageRows } from "@panoptes/fits";
import { objectByteSource } from "@panoptes/fits-storage";
import { HttpError, type ObjectStore } from "@panoptes/platform";
import { encodePng, stretchToBytes, zscaleLimits } from "@panoptes/preview";

/** Most pixels along either side of one cut-out (the viewer asks for what is on screen at native pixels). */
export const MAX_CUTOUT_SIDE = 2048;

/** A region of a stored frame in FITS pixels: lower-left corner (x0, y0), 1-based, and size. */
export interface CutoutRegion {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/** A cut-out's physical values (BSCALE/BZERO applied), row y0 first (FITS order: upwards), and its cost. */
export interface Cutout extends CutoutRegion {
  values: Float32Array;
  /** the frame's size in pixels */
  frame: [number, number];
  bytesRead: number;
  requests: number;
}

/** Reads cut-outs of stored FITS frames with ranged reads (libs/fits readImageRows): never the whole file. */
export interface CutoutReader {
  cutout(
    object: { bucket: string; path: string; generation: string | null; size: number | null },
    region: CutoutRegion,
  ): Promise<Cutout>;
}

/**
 * A CutoutReader over an object store. The rows of the region are read as a band (for an fpacked frame: its
 * tile table, then the heap range of those rows' tiles), the columns cut from it; the region is clipped to the
 * frame. An unreadable file is a 422 naming it.
 */
export function createCutoutReader(store: ObjectStore): CutoutReader {
  return {
    async cutout(object, region) {
      const { source, counts } = countingByteSource(
        objectByteSource(store, {
          bucket: object.bucket,
          path: object.path,
          ...(object.generation ? { generation: object.generation } : {}),
          ...(object.size ? { size: object.size } : {}),
        }),
      );
      let band;
      try {
        band = await readImageRows(source, { hdu: "image", first: region.y0, count: region.height });
      } catch (err) {
        if (err instanceof FitsError)
          throw new HttpError(422, "unreadable-fits", `${object.path}: ${err.message}`);
        throw err;
      }
      const [frameWidth, frameHeight] = band.frame;
      const x0 = Math.max(1, region.x0);
      const x1 = Math.min(frameWidth, region.x0 + region.width - 1);
      if (x1 < x0) {
        throw new HttpError(
          400,
          "invalid-parameter",
          `columns ${region.x0}..${region.x0 + region.width - 1} lie outside the ${frameWidth}×${frameHeight} frame`,
        );
      }
      const width = x1 - x0 + 1;
      const height = band.axes[1] as number;
      const physical = physicalPixels(band);
      const values = new Float32Array(width * height);
      for (let r = 0; r < height; r++) {
        for (let i = 0; i < width; i++) values[r * width + i] = Number(physical[r * frameWidth + x0 - 1 + i]);
      }
      return {
        x0,
        y0: band.firstRow,
        width,
        height,
        values,
        frame: [frameWidth, frameHeight],
        bytesRead: counts.bytes,
        requests: counts.requests,
      };
    },
  };
}

/**
 * A cut-out as a grey 8-bit PNG, north-up as the preview (row 0 the region's top row), stretched linearly
 * between `limits` (ADU; the preview's zscale, so the two match) or, without them, the cut-out's own zscale.
 */
export function cutoutPng(
  cutout: Cutout,
  limits: readonly [number, number] | null,
): {
  png: Buffer;
  limits: [number, number];
} {
  const { width, height, values } = cutout;
  const used: [number, number] = limits ? [limits[0], limits[1]] : zscaleLimits(values);
  const flipped = new Float32Array(values.length);
  for (let r = 0; r < height; r++)
    flipped.set(values.subarray(r * width, (r + 1) * width), (height - 1 - r) * width);
  const bytes = new Uint8Array(width * height);
  stretchToBytes(flipped, used, bytes);
  return { png: encodePng(bytes, width, height, 1), limits: used };
}
