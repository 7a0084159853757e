import { bufferByteSource, FitsError, readImage } from "@panoptes/fits";
import { encodeJpeg } from "./jpeg";
import {
  type Preview,
  PreviewInputError,
  type PreviewOptions,
  assemblePreview,
  greyChannel,
  previewOfFits,
  reduceChannel,
} from "./preview";
import { ZscaleInputError } from "./zscale";

// Unreadable input (not FITS, truncated, no finite pixel) is the caller's permanent failure, named as such.
function asInputError(err: unknown, what: string): unknown {
  if (err instanceof FitsError || err instanceof ZscaleInputError || err instanceof RangeError) {
    return new PreviewInputError(`${what} is not a readable FITS image: ${err.message}`, { cause: err });
  }
  return err;
}

/**
 * The preview of a FITS file (`.fits` or fpacked `.fits.fz`, first image HDU) in memory, as previewOfFits
 * makes it. Throws PreviewInputError naming `what` when the bytes are not a readable 2-D image.
 */
export async function previewOfFitsBytes(
  bytes: Uint8Array,
  what: string,
  options: PreviewOptions = {},
): Promise<Preview> {
  try {
    const image = await readImage(bufferByteSource(bytes), { hdu: "image" });
    return previewOfFits(image, options);
  } catch (err) {
    throw asInputError(err, what);
  }
}

/**
 * The colour preview of a CR2's R, G, B FITS products (make-rgb-fits), each channel with its own zscale.
 * `load` fetches one product's bytes; products are read and reduced one at a time to bound memory.
 */
export async function previewOfRgbFits(
  load: (channel: "r" | "g" | "b") => Promise<Uint8Array>,
  options: PreviewOptions = {},
): Promise<Preview> {
  const reduced = [];
  for (const c of ["r", "g", "b"] as const) {
    try {
      const image = await readImage(bufferByteSource(await load(c)), { hdu: "image" });
      const [width, height] = image.axes;
      if (image.axes.length !== 2 || !width || !height) {
        throw new PreviewInputError(`the ${c} product is not a 2-D image (${image.axes.join("×")})`);
      }
      reduced.push(reduceChannel(greyChannel(image, width, height), options));
    } catch (err) {
      throw asInputError(err, `the ${c} product`);
    }
  }
  try {
    return assemblePreview(reduced, "rgb");
  } catch (err) {
    throw asInputError(err, "the R, G, B products");
  }
}

/** The pipeline's encoded files of a preview: JPEG preview and thumbnail (see PREVIEW_JPEG_QUALITY). */
export async function encodePreviewFiles(preview: Preview): Promise<{ preview: Buffer; thumb: Buffer }> {
  return { preview: await encodeJpeg(preview.preview), thumb: await encodeJpeg(preview.thumb) };
}
