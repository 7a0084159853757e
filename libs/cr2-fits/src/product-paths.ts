/** The products of one CR2: the Bayer mosaic and the three colour planes. */
export const PRODUCTS = ["bayer", "r", "g", "b"] as const;
export type Product = (typeof PRODUCTS)[number];

/**
 * Object paths of the products of a CR2 at `path` (`UNIT/CAM/SEQTIME/IMGTIME.cr2`, extension any case):
 * `IMGTIME.fits` (Bayer), `IMGTIME_r.fits`, `IMGTIME_g.fits`, `IMGTIME_b.fits`, in the same folder.
 */
export function productPaths(path: string): Record<Product, string> {
  const stem = path.replace(/\.cr2$/i, "");
  return { bayer: `${stem}.fits`, r: `${stem}_r.fits`, g: `${stem}_g.fits`, b: `${stem}_b.fits` };
}
