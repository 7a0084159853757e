import sharp from "sharp";
import type { Rendering } from "./preview";

/** JPEG quality of the pipeline's previews (libjpeg-turbo through sharp, 4:2:0 chroma): see the README's sizes. */
export const PREVIEW_JPEG_QUALITY = 60;

/** MIME type of the pipeline's previews. */
export const PREVIEW_CONTENT_TYPE = "image/jpeg";

/** Encodes a rendering as a baseline JPEG at `quality` (1-100) with libjpeg-turbo (sharp). */
export async function encodeJpeg(rendering: Rendering, quality = PREVIEW_JPEG_QUALITY): Promise<Buffer> {
  const { width, height, channels, pixels } = rendering;
  return sharp(pixels, { raw: { width, height, channels } }).jpeg({ quality }).toBuffer();
}
