import { normaliseRa } from "./coordinates";
import { designationKey, greekAbbreviation } from "./normalize";

/** Hipparcos stars as parallel arrays, positions as d3-celestial stores them (lon in [-180, 180] degrees). */
export interface StarTable {
  hip: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  /** Visual magnitude, used to let the brighter star win when two share a designation. */
  mag: ArrayLike<number>;
}

/** One record of d3-celestial's `starnames.json` (keyed by Hipparcos number); empty strings when absent. */
export interface StarNameRecord {
  name?: string;
  bayer?: string;
  flam?: string;
  var?: string;
  gl?: string;
  hd?: string;
  hip?: string;
  /** Constellation abbreviation, e.g. `Lyr`. */
  c?: string;
}

/** One deep-sky object: `id` is its main designation (`NGC 224`), `desig` another one (`M 31`). */
export interface DsoRecord {
  id: string;
  desig: string;
  lon: number;
  lat: number;
}

/** One Messier object of d3-celestial's `messier.json`: `id` `M31`, `desig` `NGC 224`, `alt` a common name. */
export interface MessierRecord {
  id: string;
  desig: string;
  alt: string;
  lon: number;
  lat: number;
}

/** Everything the index is built from, already read from files. */
export interface CatalogSources {
  stars: StarTable;
  starNames: Readonly<Record<string, StarNameRecord>>;
  dsos: readonly DsoRecord[];
  /** Common names of deep-sky objects keyed by a designation (`NGC 224` → `{name: "Andromeda Galaxy"}`). */
  dsoNames: Readonly<Record<string, { name?: string }>>;
  messier: readonly MessierRecord[];
}

/** The catalogues of the index: named/numbered stars, deep-sky objects, the Messier list (gaps only). */
export const CATALOG_NAMES = ["stars", "dsos", "messier"] as const;
/** Which catalogue of the index answered. */
export type CatalogName = (typeof CATALOG_NAMES)[number];

/** A catalogue answer: ICRS degrees, RA in [0, 360). */
export interface CatalogMatch {
  /** The designation that matched, in display spelling (`alf Cyg`, `M 31`, `HIP 91262`). */
  name: string;
  ra: number;
  dec: number;
  catalog: CatalogName;
  /** The object's other designations. */
  aliases: string[];
}

/**
 * One object of the compact index: `[ra, dec, catalogue, ...designations]` with RA in [0, 360) and Dec in
 * degrees, the catalogue as an index into {@link CATALOG_NAMES}, and each designation either its display
 * spelling, when its {@link designationKey} is simply its lower case, or `[display, key]`.
 */
export type CatalogRow = [
  ra: number,
  dec: number,
  catalog: number,
  ...designations: (string | [string, string])[],
];

/** A searchable index of the offline catalogue. */
export interface CatalogIndex {
  /**
   * The object a designation names (any spelling {@link designationKey} accepts), or null. A Hipparcos
   * number that no named star has (`HIP 12345`) is looked up in the full star table, read on first need.
   */
  lookup(text: string): Promise<CatalogMatch | null>;
  /** Counts: objects and designation keys indexed. */
  readonly stats: { objects: number; keys: number };
  /** How many Hipparcos stars the full table holds (reads it if not yet read). */
  countStars(): Promise<number>;
}

/**
 * RA in [0, 360) from d3-celestial's longitude in [-180, 180], rounded to 1e-6 degree (the files carry 4
 * decimals) so that `-91.537` gives `268.463`, not `268.46299999999997`.
 */
function raFromLongitude(lon: number): number {
  return normaliseRa(Math.round(normaliseRa(lon) * 1e6) / 1e6);
}

/** The display spelling of a Bayer letter: `α1` → `alf1`, `c` → `c` (Latin letters are kept). */
function bayerDisplay(bayer: string): string | undefined {
  const match = /^(\D+?)(\d*)$/u.exec(bayer);
  if (!match || bayer.startsWith("undefined")) return undefined;
  const [, letter = "", index = ""] = match;
  return `${greekAbbreviation(letter) ?? letter}${index}`;
}

/** The designations of a named star, most common first: proper name, Bayer, Flamsteed, variable, GJ, HD, HIP. */
export function starDesignations(hip: number, record: StarNameRecord): string[] {
  const c = record.c ?? "";
  const out: string[] = [];
  const push = (value: string | undefined): void => {
    // The data has some no-break spaces (`HD\u00a0172167`): designations are reported with plain ones.
    const clean = value?.replace(/\s+/g, " ").trim();
    if (clean !== undefined && clean !== "" && !out.includes(clean)) out.push(clean);
  };
  push(record.name);
  if (record.bayer && c) {
    const bayer = bayerDisplay(record.bayer);
    if (bayer !== undefined) push(`${bayer} ${c}`);
    // Component 1 also answers to the bare letter, as SIMBAD does (`alf Cen` is `alf1 Cen`, alf Cen A).
    if (bayer !== undefined && /\D1$/.test(bayer)) push(`${bayer.slice(0, -1)} ${c}`);
  }
  if (record.flam && c) push(`${record.flam} ${c}`);
  if (record.var && c) push(`${record.var.replace(/^V0+(?=\d)/, "V")} ${c}`);
  push(record.gl);
  push(record.hd);
  push(`HIP ${hip}`);
  return out;
}

/** Designations with plain single spaces, without blanks or repeats, in the order given. */
function uniqueDesignations(values: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const clean = value?.replace(/\s+/g, " ").trim();
    if (clean !== undefined && clean !== "" && !out.includes(clean)) out.push(clean);
  }
  return out;
}

/**
 * Builds the compact rows of the index from d3-celestial's data: named stars first, brightest first (so a
 * designation two stars share goes to the brighter one), then deep-sky objects in file order, then the
 * Messier objects the deep-sky file lacks.
 */
export function buildCatalogRows(sources: CatalogSources): CatalogRow[] {
  const { stars } = sources;
  const byHip = new Map<number, number>();
  for (let i = 0; i < stars.hip.length; i += 1) byHip.set(stars.hip[i] as number, i);
  const rows: CatalogRow[] = [];
  const keys = new Set<string>();
  const add = (ra: number, dec: number, catalog: CatalogName, designations: string[]): void => {
    const entries = designations.map((d): string | [string, string] => {
      const key = designationKey(d);
      keys.add(key);
      return key === d.toLowerCase() ? d : [d, key];
    });
    rows.push([ra, dec, CATALOG_NAMES.indexOf(catalog), ...entries]);
  };

  const named = Object.entries(sources.starNames)
    .map(([id, record]) => ({ hip: Number(id), record, at: byHip.get(Number(id)) }))
    .filter((s): s is { hip: number; record: StarNameRecord; at: number } => s.at !== undefined)
    .sort((a, b) => (stars.mag[a.at] as number) - (stars.mag[b.at] as number) || a.hip - b.hip);
  for (const { hip, record, at } of named) {
    add(
      raFromLongitude(stars.lon[at] as number),
      stars.lat[at] as number,
      "stars",
      starDesignations(hip, record),
    );
  }

  const dsoName = (designation: string): string | undefined =>
    sources.dsoNames[designation]?.name || undefined;
  for (const dso of sources.dsos) {
    const messier = /^M \d+$/.test(dso.desig) ? dso.desig : undefined;
    const designations = uniqueDesignations([
      messier,
      dso.id,
      dso.desig,
      dsoName(dso.id),
      dsoName(dso.desig),
    ]);
    add(raFromLongitude(dso.lon), dso.lat, "dsos", designations);
  }
  for (const m of sources.messier) {
    const number = /^M(\d+)$/.exec(m.id)?.[1];
    const id = number === undefined ? m.id : `M ${number}`;
    if (keys.has(designationKey(id))) continue;
    add(raFromLongitude(m.lon), m.lat, "messier", uniqueDesignations([id, m.desig, m.alt, dsoName(m.desig)]));
  }
  return rows;
}

/** A row entry's display spelling and key. */
function entryOf(entry: string | [string, string]): [designation: string, key: string] {
  return typeof entry === "string" ? [entry, entry.toLowerCase()] : entry;
}

/** A Hipparcos star table addressed by HIP number (NaN where no star). */
interface HipTable {
  ra: Float64Array;
  dec: Float64Array;
  count: number;
}

function hipTable(stars: StarTable): HipTable {
  let maxHip = 0;
  for (let i = 0; i < stars.hip.length; i += 1) maxHip = Math.max(maxHip, stars.hip[i] as number);
  const ra = new Float64Array(maxHip + 1).fill(NaN);
  const dec = new Float64Array(maxHip + 1).fill(NaN);
  let count = 0;
  for (let i = 0; i < stars.hip.length; i += 1) {
    const hip = stars.hip[i] as number;
    if (Number.isNaN(ra[hip] as number)) count += 1;
    ra[hip] = raFromLongitude(stars.lon[i] as number);
    dec[hip] = stars.lat[i] as number;
  }
  return { ra, dec, count };
}

/**
 * Builds the searchable index from compact rows: every designation under its key, the first row holding
 * a key keeping it. `readStars` gives the full Hipparcos table for unnamed `HIP n` lookups; it is called
 * once, on the first such lookup (absent: only named stars resolve).
 */
export function createCatalogIndex(
  rows: readonly CatalogRow[],
  readStars?: () => Promise<StarTable>,
): CatalogIndex {
  // The rows themselves are the indexed objects: no copy, so the index costs little beyond the parsed file.
  const names = new Map<string, CatalogRow>();
  for (const row of rows) {
    for (let i = 3; i < row.length; i += 1) {
      const [, key] = entryOf(row[i] as string | [string, string]);
      if (key !== "" && !names.has(key)) names.set(key, row);
    }
  }
  let table: Promise<HipTable> | undefined;
  const stars = (): Promise<HipTable> => {
    if (readStars === undefined)
      return Promise.resolve({ ra: new Float64Array(0), dec: new Float64Array(0), count: 0 });
    // A failed read is not remembered: the next lookup tries again.
    table ??= readStars()
      .then(hipTable)
      .catch((error: unknown) => {
        table = undefined;
        throw error;
      });
    return table;
  };

  return {
    stats: { objects: rows.length, keys: names.size },
    countStars: async () => (await stars()).count,
    async lookup(text) {
      const key = designationKey(text);
      const row = names.get(key);
      if (row !== undefined) {
        const entries = (row.slice(3) as (string | [string, string])[]).map(entryOf);
        const name = entries.find(([, k]) => k === key)?.[0] ?? (entries[0] as [string, string])[0];
        return {
          name,
          ra: row[0],
          dec: row[1],
          catalog: CATALOG_NAMES[row[2]] ?? "stars",
          aliases: entries.map(([d]) => d).filter((d) => d !== name),
        };
      }
      const hip = Number(/^hip (\d+)$/.exec(key)?.[1] ?? NaN);
      if (!Number.isInteger(hip)) return null;
      const { ra, dec } = await stars();
      if (hip >= ra.length || Number.isNaN(ra[hip] as number)) return null;
      return {
        name: `HIP ${hip}`,
        ra: ra[hip] as number,
        dec: dec[hip] as number,
        catalog: "stars",
        aliases: [],
      };
    },
  };
}

/** Builds the index straight from d3-celestial's data (what the generator does, then indexes the rows). */
export function buildCatalogIndex(sources: CatalogSources): CatalogIndex {
  return createCatalogIndex(buildCatalogRows(sources), async () => sources.stars);
}
