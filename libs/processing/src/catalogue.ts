import { type CatalogStar, createIndexStarCatalog, type IndexStarCatalog } from "@panoptes/astrometry";
import type { FieldStar } from "@panoptes/photometry";
import path from "node:path";

/**
 * Debian's Tycho-2 index files (package astrometry-data-tycho2-10-19). Each coarser file (11..19) holds a subset
 * of the stars of index-tycho2-10 (measured: of 115 stars within 2° of (301.5, 44.4) every one of the 54, 28, ...
 * stars of 11..15 is among index-10's), so all are read and merged, deduplicated by position, which costs little
 * and stays right if a finer file is ever added. The files are "uniformised" (the brightest stars per sky cell),
 * so the list is complete to about VT 9-10 and sparse to 11.5: the run records how many stars it measured.
 */
export const TYCHO2_INDEX_FILES = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map(
  (n) => `index-tycho2-${n}.littleendian.fits`,
);

/** Two catalogue entries closer than this (arcsec) are the same star. */
const SAME_STAR_ARCSEC = 2;

/**
 * A stable id from a position (the index files carry no Tycho-2 numbers): `T2 RRR.RRRRR+DD.DDDDD`, RA and Dec in
 * degrees rounded to 1e-5 (0.036″), so the same star gets the same id in every run.
 */
export function starId(ra: number, dec: number): string {
  const sign = dec < 0 ? "-" : "+";
  return `T2 ${ra.toFixed(5).padStart(9, "0")}${sign}${Math.abs(dec).toFixed(5).padStart(8, "0")}`;
}

/** Merges catalogue lists, keeping the first entry of every star seen within SAME_STAR_ARCSEC. */
export function dedupeStars(lists: readonly (readonly CatalogStar[])[]): CatalogStar[] {
  const cell = SAME_STAR_ARCSEC / 3600;
  const grid = new Map<string, CatalogStar[]>();
  const out: CatalogStar[] = [];
  const key = (i: number, j: number) => `${i},${j}`;
  for (const list of lists) {
    for (const s of list) {
      const cosDec = Math.max(1e-6, Math.cos((s.dec * Math.PI) / 180));
      const i = Math.floor((s.ra * cosDec) / cell);
      const j = Math.floor(s.dec / cell);
      let seen = false;
      for (let di = -1; di <= 1 && !seen; di++)
        for (let dj = -1; dj <= 1 && !seen; dj++)
          seen = (grid.get(key(i + di, j + dj)) ?? []).some(
            (o) =>
              Math.abs(o.dec - s.dec) * 3600 < SAME_STAR_ARCSEC &&
              Math.abs(o.ra - s.ra) * cosDec * 3600 < SAME_STAR_ARCSEC,
          );
      if (seen) continue;
      (grid.get(key(i, j)) ?? grid.set(key(i, j), []).get(key(i, j))!).push(s);
      out.push(s);
    }
  }
  return out;
}

/** One catalogue per index file, read on first use and kept for the process (every run reads the same files). */
const catalogues = new Map<string, IndexStarCatalog>();
function indexCatalogue(file: string): IndexStarCatalog {
  let catalogue = catalogues.get(file);
  if (!catalogue) catalogues.set(file, (catalogue = createIndexStarCatalog(file)));
  return catalogue;
}

/**
 * The catalogue stars within `radius` degrees of (ra, dec) down to V `maxMag` from the Tycho-2 index files in
 * `indexDir` (files that are missing are skipped; none at all throws the reader's error), as FieldStars sorted
 * by magnitude with position ids (`starId`). Colour is null: the index files keep VT only.
 */
export async function fieldCatalogue(options: {
  indexDir: string;
  ra: number;
  dec: number;
  radius: number;
  maxMag: number;
  files?: readonly string[];
}): Promise<FieldStar[]> {
  const files = options.files ?? TYCHO2_INDEX_FILES;
  const lists: CatalogStar[][] = [];
  let firstError: unknown = null;
  for (const file of files) {
    try {
      lists.push(await indexCatalogue(path.join(options.indexDir, file)).cone(options));
    } catch (err) {
      firstError ??= err;
    }
  }
  if (lists.length === 0) throw firstError;
  return dedupeStars(lists)
    .filter((s) => Number.isFinite(s.mag) && s.mag <= options.maxMag)
    .sort((a, b) => a.mag - b.mag)
    .map((s) => ({ id: starId(s.ra, s.dec), name: null, ra: s.ra, dec: s.dec, vmag: s.mag, colour: null }));
}
