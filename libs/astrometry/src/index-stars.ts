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

/** A cone on the sky: centre RA/Dec and radius, degrees. */
export interface SkyCone {
  readonly ra: number;
  readonly dec: number;
  readonly radius: number;
}

/** All stars of an index file as unit vectors (x, y, z interleaved) and magnitudes, in the file's order. */
export interface IndexStarTable {
  readonly xyz: Float64Array;
  readonly mag: Float32Array;
}

/**
 * Every star of an astrometry.net index file (e.g. Debian's index-tycho2-10.littleendian.fits). The star
 * kd-tree keeps unit vectors as scaled u32 triples (`kdtree_data_stars`, native little-endian) with the scaling
 * in `kdtree_range_stars` (min[3], max[3], scale as doubles: xyz = u32 / scale + min); the tag-along table
 * `MAG_VT` (FITS float32) holds the magnitudes in the same order.
 */
export async function readIndexStarTable(file: string): Promise<IndexStarTable> {
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
  const min = [0, 1, 2].map((d) => r.getFloat64(d * 8, true)) as [number, number, number];
  const invScale = 1 / r.getFloat64(48, true);
  const raw = view(data);
  const m = view(mags);
  const count = data.structure.dataBytes / 12;
  const xyz = new Float64Array(count * 3);
  const mag = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < 3; d++) xyz[i * 3 + d] = raw.getUint32(i * 12 + d * 4, true) * invScale + min[d]!;
    mag[i] = m.getFloat32(i * 4, false);
  }
  return { xyz, mag };
}

/** The stars of a table within a cone (degrees), as RA/Dec/magnitude. */
export function starsInCone(table: IndexStarTable, region: SkyCone): CatalogStar[] {
  const d2r = Math.PI / 180;
  const cx = Math.cos(region.dec * d2r) * Math.cos(region.ra * d2r);
  const cy = Math.cos(region.dec * d2r) * Math.sin(region.ra * d2r);
  const cz = Math.sin(region.dec * d2r);
  const cosRadius = Math.cos(region.radius * d2r);
  const { xyz, mag } = table;
  const out: CatalogStar[] = [];
  for (let i = 0; i < mag.length; i++) {
    const x = xyz[i * 3]!;
    const y = xyz[i * 3 + 1]!;
    const z = xyz[i * 3 + 2]!;
    // A cheap dot-product cut first; the exact angular distance below decides at the edge.
    if (x * cx + y * cy + z * cz < cosRadius - 1e-9) continue;
    const ra = normalizeRa(Math.atan2(y, x) / d2r);
    const dec = Math.asin(Math.max(-1, Math.min(1, z))) / d2r;
    if (angularDistanceDeg(ra, dec, region.ra, region.dec) <= region.radius)
      out.push({ ra, dec, mag: mag[i]! });
  }
  return out;
}

/**
 * The stars of an astrometry.net index file within `radius` degrees of (ra, dec). Reads the whole file each
 * call; a process that asks repeatedly keeps the table with {@link createIndexStarCatalog}.
 */
export async function readIndexStars(file: string, region: SkyCone): Promise<CatalogStar[]> {
  return starsInCone(await readIndexStarTable(file), region);
}

/** Cone searches over one index file, read once (on first use) and then kept in memory. */
export interface IndexStarCatalog {
  /** The index file's stars within the cone (degrees). */
  cone(region: SkyCone): Promise<CatalogStar[]>;
}

/**
 * A per-process catalogue over an index file: the first search reads and decodes the file (Debian's
 * index-tycho2-10, 20 MB, about 0.2 s), later ones scan the table in memory (28 bytes per star).
 * A failed read is not kept, so the next search tries again.
 */
export function createIndexStarCatalog(file: string): IndexStarCatalog {
  let table: Promise<IndexStarTable> | null = null;
  return {
    async cone(region) {
      if (table === null) {
        table = readIndexStarTable(file);
        table.catch(() => {
          table = null;
        });
      }
      return starsInCone(await table, region);
    },
  };
}
