import { angularDistanceDeg, pixelToWorld, type TanWcs, worldToPixel } from "@panoptes/sky";
import type { CatalogStar, SkyCone } from "./index-stars";

/** A catalogue star on a frame: its RA/Dec (degrees), magnitude, and FITS pixel (1-based x, y). */
export interface FieldStar extends CatalogStar {
  readonly x: number;
  readonly y: number;
}

/** A frame's size in pixels (NAXIS1 × NAXIS2). */
export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The smallest cone (degrees) around the frame's central pixel that holds all of a `width` × `height` frame
 * under `wcs`: the farthest corner, plus `margin` degrees.
 */
export function frameCone(wcs: TanWcs, frame: FrameSize, margin = 0): SkyCone {
  const [ra, dec] = pixelToWorld(wcs, (frame.width + 1) / 2, (frame.height + 1) / 2);
  let radius = 0;
  for (const [x, y] of [
    [0.5, 0.5],
    [frame.width + 0.5, 0.5],
    [0.5, frame.height + 0.5],
    [frame.width + 0.5, frame.height + 0.5],
  ] as const) {
    const [r, d] = pixelToWorld(wcs, x, y);
    radius = Math.max(radius, angularDistanceDeg(ra, dec, r, d));
  }
  return { ra, dec, radius: radius + margin };
}

/**
 * The catalogue stars that fall on a frame, down to magnitude `vmag` (inclusive), projected through the frame's
 * WCS (libs/sky's worldToPixel, the inverse of the viewer's pixel → RA/Dec readout). A star is on the frame when
 * its pixel lies within the frame's edges (FITS pixel centres are 1…width, edges 0.5…width + 0.5). Brightest
 * first. Pure: the catalogue comes from the caller (e.g. an IndexStarCatalog cone of {@link frameCone}).
 */
export function fieldStars(
  catalog: readonly CatalogStar[],
  wcs: TanWcs,
  frame: FrameSize,
  vmag: number,
): FieldStar[] {
  const out: FieldStar[] = [];
  for (const star of catalog) {
    if (!(star.mag <= vmag)) continue;
    const p = worldToPixel(wcs, star.ra, star.dec);
    if (p === null) continue;
    const [x, y] = p;
    if (x < 0.5 || y < 0.5 || x > frame.width + 0.5 || y > frame.height + 0.5) continue;
    out.push({ ra: star.ra, dec: star.dec, mag: star.mag, x, y });
  }
  return out.sort((a, b) => a.mag - b.mag);
}
