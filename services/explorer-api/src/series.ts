import type { ImageDocRead, ImageSeries } from "@panoptes/models";

/** Builds the series from images already sorted by time; images without a time are left out. */
export function imageSeries(images: readonly ImageDocRead[]): ImageSeries {
  const s: ImageSeries = { time: [], airmass: [], moonsep: [], camtemp: [], exptime: [] };
  for (const im of images) {
    if (!im.time) continue;
    s.time.push(im.time.toISOString());
    s.airmass.push(im.airmass ?? null);
    s.moonsep.push(im.moonsep ?? null);
    s.camtemp.push(im.camtemp ?? null);
    s.exptime.push(im.exptime ?? null);
  }
  return s;
}
