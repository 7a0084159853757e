import { type FitsImage, physicalPixels } from "@panoptes/fits";
import { bayerPatternOf, type Channel, superpixel } from "./bayer";
import { areaResample, fitWidth } from "./resample";
import { stretchToBytes } from "./stretch";
import { zscaleLimits } from "./zscale";

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
  constructor(message: string) {
    super(message);
    this.name = "PreviewInputError";
  }
}

/**
 * Renders channels (1 = grey, 3 = R, G, B of one size) into a preview and a thumbnail: each channel gets its own
 * zscale limits on its full-resolution values (which also balances the sky's colour), is area-averaged to the
 * preview size, stretched linearly to 8 bits; the thumbnail is area-averaged from the preview's values.
 * Channels are consumed one at a time, so callers may hand over arrays they no longer need.
 */
export function renderChannels(
  channels: readonly Channel[],
  mode: Preview["mode"],
  options: PreviewOptions = {},
): Preview {
  const first = channels[0];
  if (first === undefined || (channels.length !== 1 && channels.length !== 3)) {
    throw new PreviewInputError(`a preview needs 1 or 3 channels, got ${channels.length}`);
  }
  if (channels.some((c) => c.width !== first.width || c.height !== first.height)) {
    throw new PreviewInputError("the channels of a preview must have one size");
  }
  const n = channels.length as 1 | 3;
  const size = fitWidth(first.width, first.height, options.width ?? PREVIEW_WIDTH);
  const thumbSize = fitWidth(size.width, size.height, options.thumbWidth ?? THUMB_WIDTH);
  const preview = new Uint8Array(size.width * size.height * n);
  const thumb = new Uint8Array(thumbSize.width * thumbSize.height * n);
  const limits: [number, number][] = [];
  channels.forEach((channel, c) => {
    const lim = zscaleLimits(channel.values);
    limits.push(lim);
    const small = areaResample(channel, size.width, size.height, true);
    stretchToBytes(small.values, lim, preview, c, n);
    stretchToBytes(areaResample(small, thumbSize.width, thumbSize.height).values, lim, thumb, c, n);
  });
  return {
    preview: { ...size, channels: n, pixels: preview },
    thumb: { ...thumbSize, channels: n, pixels: thumb },
    zscale: limits[n === 3 ? 1 : 0] as [number, number],
    channelLimits: limits,
    sourceWidth: first.width,
    sourceHeight: first.height,
    mode,
  };
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
