import { bufferByteSource, type HduLocation, locateHdu } from "@panoptes/fits";
import { angularDistanceDeg, normalizeRa } from "@panoptes/sky";
import fs from "node:fs/promises";
import { AstrometryError } from "./errors";

/** A catalogue star: RA/Dec in degrees (J2000), magnitude as the index stores it (Tycho-2 VT). */
export interface CatalogStar {
  readonly ra: number;
  readonly dec: number;
  readonly mag: number;
}

/**
 * The stars of an astrometry.net index file (e.g. Debian's index-tycho2-10.littleendian.fits) within
 * `radius` degrees of (ra, dec). The star kd-tree keeps unit vectors as scaled u32 triples
 * (`kdtree_data_stars`, native little-endian) with the scaling in `kdtree_range_stars` (min[3], max[3],
 * scale as doubles: xyz = u32 / scale + min); the tag-along table `MAG_VT` (FITS float32) holds the
 * magnitudes in the same order.
 */
export async function readIndexStars(
  file: string,
  region: { readonly ra: number; readonly dec: number; readonly radius: number },
): Promise<CatalogStar[]> {
  const bytes = new Uint8Array(await fs.readFile(file));
  const source = bufferByteSource(bytes);
  const tables = new Map<string, HduLocation>();
  for (let i = 1; ; i++) {
    const hdu = await locateHdu(source, i).catch(() => null);
    if (hdu === null) break;
    tables.set((hdu.storedHeader.getString("TTYPE1") ?? "").trim(), hdu);
  }
  const data = tables.get("kdtree_data_stars");
  const range = tables.get("kdtree_range_stars");
  const mags = tables.get("MAG_VT");
  if (!data || !range || !mags) {
    throw new AstrometryError(
      "BAD_INDEX",
      `${file} is not an astrometry.net index with MAG_VT: needs kdtree_data_stars, kdtree_range_stars and MAG_VT tables`,
    );
  }
  const view = (hdu: HduLocation) =>
    new DataView(bytes.buffer, bytes.byteOffset + hdu.dataStart, hdu.structure.dataBytes);
  const r = view(range);
  const min = [0, 1, 2].map((d) => r.getFloat64(d * 8, true));
  const invScale = 1 / r.getFloat64(48, true);
  const xyz = view(data);
  const mag = view(mags);
  const count = data.structure.dataBytes / 12;
  const out: CatalogStar[] = [];
  const d2r = Math.PI / 180;
  const cx = Math.cos(region.dec * d2r) * Math.cos(region.ra * d2r);
  const cy = Math.cos(region.dec * d2r) * Math.sin(region.ra * d2r);
  const cz = Math.sin(region.dec * d2r);
  const cosRadius = Math.cos(region.radius * d2r);
  for (let i = 0; i < count; i++) {
    const x = xyz.getUint32(i * 12, true) * invScale + (min[0] as number);
    const y = xyz.getUint32(i * 12 + 4, true) * invScale + (min[1] as number);
    const z = xyz.getUint32(i * 12 + 8, true) * invScale + (min[2] as number);
    if (x * cx + y * cy + z * cz < cosRadius) continue;
    const ra = normalizeRa(Math.atan2(y, x) / d2r);
    const dec = Math.asin(Math.max(-1, Math.min(1, z))) / d2r;
    out.push({ ra, dec, mag: mag.getFloat32(i * 4, false) });
  }
  return out.filter((s) => angularDistanceDeg(s.ra, s.dec, region.ra, region.dec) <= region.radius);
}
