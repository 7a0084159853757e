import type { ImageDocRead } from "@panoptes/models";

/** The per-image series plotted on an observation page, as parallel arrays in image time order. */
export interface ImageSeries {
  /** ISO 8601 UTC exposure start of each image */
  time: string[];
  airmass: Array<number | null>;
  /** degrees */
  moonsep: Array<number | null>;
  /** degrees Celsius */
  camtemp: Array<number | null>;
  /** seconds */
  exptime: Array<number | null>;
}

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
