import { angularDistanceDeg, normalizeRa, toDegrees, toRadians } from "./angles";

/**
 * The cone-search index: the sky cut into declination bands of height `size` degrees, each band cut into RA
 * cells about `size` degrees wide at the band's equator-most edge (so polar bands hold few cells and the pole
 * band at the coarse levels only one or a handful). Four nested levels, coarse to fine; an observation stores
 * its cell at every level (`sky_cells`, 4 short strings) and a search picks the finest level whose covering
 * set fits one Firestore `array-contains-any` (30 values). See README.md for the design.
 */
export const CELL_SIZES_DEG = [45, 15, 5, 1] as const;

/** Firestore's limit on the values of one `array-contains-any` filter. */
export const MAX_QUERY_CELLS = 30;

/** Raised for a position or radius outside the sky. */
export class InvalidSkyPositionError extends Error {
  readonly code = "invalid-sky-position";
  constructor(message: string) {
    super(message);
    this.name = "InvalidSkyPositionError";
  }
}

function checkPosition(ra: number, dec: number): void {
  if (!Number.isFinite(ra))
    throw new InvalidSkyPositionError(`ra must be a finite number of degrees, got ${ra}`);
  if (!Number.isFinite(dec) || dec < -90 || dec > 90) {
    throw new InvalidSkyPositionError(`dec must be between -90 and 90 degrees, got ${dec}`);
  }
}

function bandCount(size: number): number {
  return Math.ceil(180 / size);
}

function bandOf(size: number, dec: number): number {
  return Math.min(bandCount(size) - 1, Math.max(0, Math.floor((dec + 90) / size)));
}

/** Number of RA cells in band `band` of a level with cells `size` degrees high. */
function raCellCount(size: number, band: number): number {
  const lo = -90 + band * size;
  const hi = Math.min(90, lo + size);
  const equatorMost = lo <= 0 && hi >= 0 ? 0 : Math.min(Math.abs(lo), Math.abs(hi));
  return Math.max(1, Math.ceil((360 * Math.cos(toRadians(equatorMost))) / size - 1e-9));
}

function raCellOf(size: number, band: number, ra: number): number {
  const n = raCellCount(size, band);
  return Math.min(n - 1, Math.floor((normalizeRa(ra) / 360) * n));
}

function cellId(level: number, band: number, raCell: number): string {
  return `${level}/${band}/${raCell}`;
}

/**
 * The index fields to write on an observation document for its pointing (RA, Dec in degrees): `sky_cells`,
 * one cell id `LEVEL/BAND/RACELL` per level, coarse to fine. An unsolved observation (null RA or Dec) gets an
 * empty list, so cone searches never return it.
 */
export function skyIndexFields(ra: number | null, dec: number | null): { sky_cells: string[] } {
  if (ra === null || dec === null) return { sky_cells: [] };
  checkPosition(ra, dec);
  return {
    sky_cells: CELL_SIZES_DEG.map((size, level) => {
      const band = bandOf(size, dec);
      return cellId(level, band, raCellOf(size, band, ra));
    }),
  };
}

/** The cells of one level that together contain every point of a cone. */
export function coneCells(level: number, ra: number, dec: number, radius: number): string[] {
  const size = CELL_SIZES_DEG[level];
  if (size === undefined) throw new InvalidSkyPositionError(`no index level ${level}`);
  const lo = Math.max(-90, dec - radius);
  const hi = Math.min(90, dec + radius);
  // The cone reaches every RA when it holds a pole; otherwise its RA half-width is greatest at the
  // declination where the small circle is tangent to a meridian: asin(sin r / cos dec).
  const allRa = Math.abs(dec) + radius >= 90 || radius >= 90;
  const halfWidth = allRa
    ? 180
    : toDegrees(Math.asin(Math.min(1, Math.sin(toRadians(radius)) / Math.cos(toRadians(dec)))));
  const cells: string[] = [];
  for (let band = bandOf(size, lo); band <= bandOf(size, hi); band++) {
    const n = raCellCount(size, band);
    if (halfWidth >= 180 || 2 * halfWidth >= 360 - 360 / n) {
      for (let i = 0; i < n; i++) cells.push(cellId(level, band, i));
      continue;
    }
    // Walk the RA interval [ra - w, ra + w] cell by cell, wrapping through 0/360.
    const width = 360 / n;
    const start = Math.floor((ra - halfWidth) / width);
    const end = Math.floor((ra + halfWidth) / width);
    const seen = new Set<number>();
    for (let k = start; k <= end; k++) seen.add(((k % n) + n) % n);
    for (const i of seen) cells.push(cellId(level, band, i));
  }
  return cells;
}

/** What a cone search asks Firestore for: the cells of one index level. */
export interface ConeQuery {
  level: number;
  cells: string[];
}

/**
 * Plans a cone search (centre RA, Dec and radius in degrees, radius in (0, 180]): the finest index level whose
 * covering cells fit in one `array-contains-any` filter. Candidates it returns must still be checked with
 * `angularDistanceDeg` (cells over-cover the cone).
 */
export function planConeQuery(ra: number, dec: number, radius: number): ConeQuery {
  checkPosition(ra, dec);
  if (!Number.isFinite(radius) || radius <= 0 || radius > 180) {
    throw new InvalidSkyPositionError(`radius must be more than 0 and at most 180 degrees, got ${radius}`);
  }
  for (let level = CELL_SIZES_DEG.length - 1; level >= 0; level--) {
    const cells = coneCells(level, ra, dec, radius);
    if (cells.length <= MAX_QUERY_CELLS) return { level, cells };
  }
  // Level 0 has 28 cells in all, so it always fits; this line only satisfies the type checker.
  return { level: 0, cells: coneCells(0, ra, dec, radius) };
}

/** Whether a position lies within `radius` degrees of a cone's centre (true angular distance). */
export function inCone(
  center: { ra: number; dec: number; radius: number },
  ra: number | null | undefined,
  dec: number | null | undefined,
): boolean {
  if (ra === null || ra === undefined || dec === null || dec === undefined) return false;
  return angularDistanceDeg(center.ra, center.dec, ra, dec) <= center.radius;
}
