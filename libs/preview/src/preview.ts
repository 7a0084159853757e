import { type FitsImage, physicalPixels } from "@panoptes/fits";
import { bayerPatternOf, type Channel, superpixel, superpixelRows } from "./bayer";
import { areaResample, areaResampleRows, channelRows, fitWidth, type RowSource } from "./resample";
import { stretchToBytes } from "./stretch";
import { zscaleFromSamples, zscaleLimits, zscaleSamplesOfFinite } from "./zscale";

function isIntegerArray(
  a: unknown,
): a is Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array {
  return (
    a instanceof Int8Array ||
    a instanceof Uint8Array ||
    a instanceof Int16Array ||
    a instanceof Uint16Array ||
    a instanceof Int32Array ||
    a instanceof Uint32Array
  );
}

/** Sizes of the two renderings, in pixels (never enlarged beyond the source). */
export interface PreviewOptions {
  /** width of the preview (default 1200) */
  readonly width?: number;
  /** width of the thumbnail (default 300) */
  readonly thumbWidth?: number;
}

export const PREVIEW_WIDTH = 1200;
export const THUMB_WIDTH = 300;

/** 8-bit pixels, interleaved, row 0 at the top (north up for a solved PANOPTES frame, as DS9 shows FITS). */
export interface Rendering {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly pixels: Uint8Array;
}

/** What makePreview produces. */
export interface Preview {
  readonly preview: Rendering;
  readonly thumb: Rendering;
  /** zscale limits (physical units) of the green channel, or of the grey image */
  readonly zscale: [number, number];
  /** zscale limits of every channel used (R, G, B or grey) */
  readonly channelLimits: [number, number][];
  /** size of the data the renderings were made from (half the frame for a Bayer superpixel) */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  /** "bayer" (superpixel colour), "rgb" (three channel images), "grey" */
  readonly mode: "bayer" | "rgb" | "grey";
}

/** Raised when pixels cannot be made into a preview (not a 2-D image, no finite value). */
export class PreviewInputError extends Error {
  readonly code = "preview-input";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PreviewInputError";
  }
}

/** One channel reduced to the preview's and thumbnail's sizes (unstretched), with its zscale limits. */
export interface ReducedChannel {
  readonly limits: [number, number];
  readonly preview: Channel;
  readonly thumb: Channel;
  readonly sourceWidth: number;
  readonly sourceHeight: number;
}

/**
 * Reduces one full-resolution channel: its zscale limits (from its full-resolution values), its area average at
 * the preview size (row 0 at the top) and the thumbnail's, averaged from the preview's. The full channel is not
 * kept, so a caller can drop it before reducing the next.
 */
export function reduceChannel(channel: Channel, options: PreviewOptions = {}): ReducedChannel {
  return reduceRows(channelRows(channel), zscaleLimits(channel.values), options);
}

/** reduceChannel of a source read row by row, whose zscale limits are already known. */
export function reduceRows(
  source: RowSource,
  limits: [number, number],
  options: PreviewOptions = {},
): ReducedChannel {
  const size = fitWidth(source.width, source.height, options.width ?? PREVIEW_WIDTH);
  const thumbSize = fitWidth(size.width, size.height, options.thumbWidth ?? THUMB_WIDTH);
  const preview = areaResampleRows(source, size.width, size.height, true);
  return {
    limits,
    preview,
    thumb: areaResample(preview, thumbSize.width, thumbSize.height),
    sourceWidth: source.width,
    sourceHeight: source.height,
  };
}

/**
 * Stretches reduced channels (1 = grey, 3 = R, G, B of one size) into 8-bit renderings, each channel linearly
 * between its own zscale limits (which also balances the sky's colour).
 */
export function assemblePreview(reduced: readonly ReducedChannel[], mode: Preview["mode"]): Preview {
  const first = reduced[0];
  if (first === undefined || (reduced.length !== 1 && reduced.length !== 3)) {
    throw new PreviewInputError(`a preview needs 1 or 3 channels, got ${reduced.length}`);
  }
  if (reduced.some((c) => c.sourceWidth !== first.sourceWidth || c.sourceHeight !== first.sourceHeight)) {
    throw new PreviewInputError(
      `the channels of a preview must have one size, got ${reduced.map((c) => `${c.sourceWidth}×${c.sourceHeight}`).join(", ")}`,
    );
  }
  const n = reduced.length as 1 | 3;
  const render = (pick: (c: ReducedChannel) => Channel): Rendering => {
    const { width, height } = pick(first);
    const pixels = new Uint8Array(width * height * n);
    reduced.forEach((c, i) => stretchToBytes(pick(c).values, c.limits, pixels, i, n));
    return { width, height, channels: n, pixels };
  };
  return {
    preview: render((c) => c.preview),
    thumb: render((c) => c.thumb),
    zscale: (reduced[n === 3 ? 1 : 0] as ReducedChannel).limits,
    channelLimits: reduced.map((c) => c.limits),
    sourceWidth: first.sourceWidth,
    sourceHeight: first.sourceHeight,
    mode,
  };
}

/** Renders full-resolution channels into a preview and a thumbnail (reduceChannel, then assemblePreview). */
export function renderChannels(
  channels: readonly Channel[],
  mode: Preview["mode"],
  options: PreviewOptions = {},
): Preview {
  return assemblePreview(
    channels.map((c) => reduceChannel(c, options)),
    mode,
  );
}

/**
 * The preview of a FITS image: a Bayer frame (BAYERPAT, or FILTER 'RGGB' as PANOPTES units write) is debayered
 * by 2×2 superpixels into colour at half size; any other 2-D image is rendered grey.
 */
export function previewOfFits(image: FitsImage, options: PreviewOptions = {}): Preview {
  const [width, height] = image.axes;
  if (image.axes.length !== 2 || !width || !height) {
    throw new PreviewInputError(
      `a preview needs a 2-D image, got NAXIS ${image.axes.length} (${image.axes.join("×")})`,
    );
  }
  const pattern = bayerPatternOf(image.header);
  if (pattern && width >= 2 && height >= 2 && isIntegerArray(image.raw)) {
    // Integer pixels are all finite: each colour is reduced straight from the raw frame, row by row.
    const frame = { raw: image.raw, width, height, pattern, bscale: image.bscale, bzero: image.bzero };
    const reduced = (["r", "g", "b"] as const).map((c) => {
      const rows = superpixelRows(frame, c);
      return reduceRows(
        rows,
        zscaleFromSamples(zscaleSamplesOfFinite(rows.width * rows.height, rows.at)),
        options,
      );
    });
    return assemblePreview(reduced, "bayer");
  }
  if (pattern && width >= 2 && height >= 2 && typeof image.raw[0] !== "bigint") {
    const { r, g, b } = superpixel({
      raw: image.raw as ArrayLike<number>,
      width,
      height,
      pattern,
      bscale: image.bscale,
      bzero: image.bzero,
    });
    return renderChannels([r, g, b], "bayer", options);
  }
  return renderChannels([greyChannel(image, width, height)], "grey", options);
}

/** The physical values of a 2-D image as one float channel. */
export function greyChannel(image: FitsImage, width: number, height: number): Channel {
  const physical = physicalPixels(image);
  const values = new Float32Array(width * height);
  for (let i = 0; i < values.length; i++) values[i] = Number(physical[i]);
  return { values, width, height };
}
