import type { ImageDocRead, ImageSeries } from "@panoptes/models";

/**
 * Builds the series from images already sorted by time; images without a time are left out. `centre` is the
 * observation's solved RA/Dec (degrees), null while unsolved (the offsets are then all null).
 */
export function imageSeries(
  images: readonly ImageDocRead[],
  centre: { ra: number; dec: number } | null = null,
): ImageSeries {
  const s: ImageSeries = {
    time: [],
    airmass: [],
    moonsep: [],
    camtemp: [],
    exptime: [],
    offset_east: [],
    offset_north: [],
  };
  for (const im of images) {
    if (!im.time) continue;
    s.time.push(im.time.toISOString());
    s.airmass.push(im.airmass ?? null);
    s.moonsep.push(im.moonsep ?? null);
    s.camtemp.push(im.camtemp ?? null);
    s.exptime.push(im.exptime ?? null);
    const solved = im.solved === true && im.solve_generation != null && typeof im.ra_image === "number";
    if (solved && centre && typeof im.dec_image === "number") {
      const dra = (((((im.ra_image as number) - centre.ra) % 360) + 540) % 360) - 180;
      s.offset_east.push(dra * Math.cos((centre.dec * Math.PI) / 180) * 60);
      s.offset_north.push((im.dec_image - centre.dec) * 60);
    } else {
      s.offset_east.push(null);
      s.offset_north.push(null);
    }
  }
  return s;
}
