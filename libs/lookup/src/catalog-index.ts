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

/** Which catalogue of the index answered: named/numbered stars, deep-sky objects, or the Messier list. */
export type CatalogName = "stars" | "dsos" | "messier";

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

interface CatalogObject {
  ra: number;
  dec: number;
  catalog: CatalogName;
  designations: string[];
}

/** A searchable index of the offline catalogue. */
export interface CatalogIndex {
  /** The object a designation names (any spelling {@link designationKey} accepts), or null. */
  lookup(text: string): CatalogMatch | null;
  /** Counts: stars with a position, designations indexed, objects indexed. */
  readonly stats: { stars: number; keys: number; objects: number };
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
 * Builds the name index: every designation of every named star and deep-sky object under its
 * {@link designationKey}; on a clash the brighter star, then the first deep-sky object, keeps the key.
 * Any Hipparcos number with a position resolves too (`HIP 12345`), named or not.
 */
export function buildCatalogIndex(sources: CatalogSources): CatalogIndex {
  const { stars } = sources;
  let maxHip = 0;
  for (let i = 0; i < stars.hip.length; i += 1) maxHip = Math.max(maxHip, stars.hip[i] as number);
  // Direct addressing by Hipparcos number: 2 x 8 bytes x ~120,000 entries, NaN where no star.
  const raByHip = new Float64Array(maxHip + 1).fill(NaN);
  const decByHip = new Float64Array(maxHip + 1).fill(NaN);
  const magByHip = new Float64Array(maxHip + 1).fill(NaN);
  let starCount = 0;
  for (let i = 0; i < stars.hip.length; i += 1) {
    const hip = stars.hip[i] as number;
    if (Number.isNaN(raByHip[hip] as number)) starCount += 1;
    raByHip[hip] = raFromLongitude(stars.lon[i] as number);
    decByHip[hip] = stars.lat[i] as number;
    magByHip[hip] = stars.mag[i] as number;
  }

  const names = new Map<string, CatalogObject>();
  let objects = 0;
  const add = (object: CatalogObject): void => {
    objects += 1;
    for (const designation of object.designations) {
      const key = designationKey(designation);
      if (key !== "" && !names.has(key)) names.set(key, object);
    }
  };

  const named = Object.entries(sources.starNames)
    .map(([id, record]) => ({ hip: Number(id), record }))
    .filter(({ hip }) => Number.isInteger(hip) && hip <= maxHip && !Number.isNaN(raByHip[hip] as number))
    .sort((a, b) => (magByHip[a.hip] as number) - (magByHip[b.hip] as number));
  for (const { hip, record } of named) {
    add({
      ra: raByHip[hip] as number,
      dec: decByHip[hip] as number,
      catalog: "stars",
      designations: starDesignations(hip, record),
    });
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
    add({ ra: raFromLongitude(dso.lon), dec: dso.lat, catalog: "dsos", designations });
  }
  for (const m of sources.messier) {
    const number = /^M(\d+)$/.exec(m.id)?.[1];
    const id = number === undefined ? m.id : `M ${number}`;
    if (names.has(designationKey(id))) continue;
    const designations = uniqueDesignations([id, m.desig, m.alt, dsoName(m.desig)]);
    add({ ra: raFromLongitude(m.lon), dec: m.lat, catalog: "messier", designations });
  }

  return {
    stats: { stars: starCount, keys: names.size, objects },
    lookup(text) {
      const key = designationKey(text);
      const object = names.get(key);
      if (object !== undefined) {
        const name =
          object.designations.find((d) => designationKey(d) === key) ?? (object.designations[0] as string);
        return {
          name,
          ra: object.ra,
          dec: object.dec,
          catalog: object.catalog,
          aliases: object.designations.filter((d) => d !== name),
        };
      }
      const hipMatch = /^hip (\d+)$/.exec(key);
      const hip = hipMatch ? Number(hipMatch[1]) : NaN;
      if (hip <= maxHip && !Number.isNaN(raByHip[hip] as number)) {
        return {
          name: `HIP ${hip}`,
          ra: raByHip[hip] as number,
          dec: decByHip[hip] as number,
          catalog: "stars",
          aliases: [],
        };
      }
      return null;
    },
  };
}
