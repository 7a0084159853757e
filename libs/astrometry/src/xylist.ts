import { integer, string, writeBinTable } from "@panoptes/fits";
import type { DetectedStar } from "./detect";

/**
 * An astrometry.net xylist: a FITS binary table with columns X, Y (FITS 1-based pixels, float64) and FLUX
 * (ADU, float32), brightest first, and IMAGEW/IMAGEH (pixels) in the table header, as `solve-field
 * --x-column X --y-column Y --sort-column FLUX` reads it.
 */
export function writeXylist(stars: readonly DetectedStar[], width: number, height: number): Uint8Array {
  return writeBinTable({
    columns: [
      { name: "X", type: "D", values: stars.map((s) => s.x), unit: "pix" },
      { name: "Y", type: "D", values: stars.map((s) => s.y), unit: "pix" },
      { name: "FLUX", type: "E", values: stars.map((s) => s.flux), unit: "adu" },
    ],
    header: [
      { keyword: "IMAGEW", value: integer(width), comment: "image width, pixels" },
      { keyword: "IMAGEH", value: integer(height), comment: "image height, pixels" },
      { keyword: "AN_FILE", value: string("XYLS"), comment: "astrometry.net xylist" },
    ],
  });
}
