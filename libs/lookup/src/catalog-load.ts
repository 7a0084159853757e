import { existsSync, readFileSync } from "node:fs";
import { open, readFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import {
  createCatalogIndex,
  type CatalogIndex,
  type CatalogRow,
  type CatalogSources,
  type DsoRecord,
  type MessierRecord,
  type StarNameRecord,
  type StarTable,
} from "./catalog-index";
import { CatalogUnavailableError } from "./errors";

/** The d3-celestial data files the catalogue index is generated from (all in the package's `data/` folder). */
export const CATALOG_FILES = {
  /** Hipparcos stars to magnitude ~14 (the whole catalogue): id = HIP number, [lon, lat] degrees. */
  stars: "stars.14.json",
  /** Names and designations (proper, Bayer, Flamsteed, variable, GJ, HD, HIP) by HIP number. */
  starNames: "starnames.json",
  /** Deep-sky objects to magnitude 14: NGC, IC, Messier (as `desig`), PGC, Sh2, LBN, ... */
  dsos: "dsos.14.json",
  /** English common names of deep-sky objects by designation. */
  dsoNames: "dsonames.json",
  /** The 110 Messier objects with NGC cross-identifications and common names. */
  messier: "messier.json",
} as const;

/** Where the generated compact index lives, relative to this package's root. */
export const CATALOG_INDEX_PATH = "data/catalog-index.jsonl";

export interface LoadCatalogOptions {
  /** The generated compact index (see scripts/dev/generate-lookup-catalog.ts); default {@link defaultCatalogIndexFile}. */
  indexFile?: string;
  /** Folder holding the d3-celestial data files (for unnamed `HIP n`); default the installed package's `data/`. */
  dataDir?: string;
}

/** The `data/` folder of the installed d3-celestial package (resolved from this module). */
export function defaultCatalogDataDir(): string {
  return path.join(path.dirname(require.resolve("d3-celestial/package.json")), "data");
}

/**
 * The generated index file: next to this source tree (`../data/catalog-index.jsonl`), else inside the
 * installed `@panoptes/lookup` package (for bundles, whose own folder lacks it).
 */
export function defaultCatalogIndexFile(): string {
  const beside = path.resolve(__dirname, "..", CATALOG_INDEX_PATH);
  if (existsSync(beside)) return beside;
  try {
    return path.join(path.dirname(require.resolve("@panoptes/lookup/package.json")), CATALOG_INDEX_PATH);
  } catch {
    return beside;
  }
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new CatalogUnavailableError(`cannot read catalogue file ${file}`, { cause });
  }
}

/**
 * Loads the offline catalogue: the generated compact index of named stars and deep-sky objects (read at
 * once), and d3-celestial's full Hipparcos table, read on the first `HIP n` lookup of an unnamed star.
 * Call once per process and pass the result to `createResolver`.
 * @throws CatalogUnavailableError when the index file is missing or not in the expected shape.
 */
export async function loadCatalog(options: LoadCatalogOptions = {}): Promise<CatalogIndex> {
  const file = options.indexFile ?? defaultCatalogIndexFile();
  const rows = parseCatalogFile((await readBytes(file)).toString("utf8"), file);
  return createCatalogIndex(rows, () => readStarTable(options.dataDir));
}

/** Reads d3-celestial's full Hipparcos star table (`stars.14.json`), `chunkBytes` at a time. */
export async function readStarTable(
  dataDir: string = defaultCatalogDataDir(),
  chunkBytes = 1 << 20,
): Promise<StarTable> {
  const file = path.join(dataDir, CATALOG_FILES.stars);
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (cause) {
    throw new CatalogUnavailableError(`cannot read catalogue file ${file}`, { cause });
  }
  // Read in chunks rather than whole: the 15 MB file never sits in memory at once (peak RSS).
  try {
    const sink = createStarSink(Math.ceil((await handle.stat()).size / 100) + 1);
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let carry = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      const data =
        carry.length > 0
          ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
          : chunk.subarray(0, bytesRead);
      if (bytesRead === 0) {
        scanInto(data, sink);
        break;
      }
      // Features before the last `"id":` are complete; the one it opens may go on in the next chunk.
      const cut = data.lastIndexOf(ID);
      if (cut <= 0) {
        carry = Buffer.from(data);
        continue;
      }
      scanInto(data.subarray(0, cut), sink);
      carry = Buffer.from(data.subarray(cut));
    }
    return sink.table(file);
  } catch (cause) {
    if (cause instanceof CatalogUnavailableError) throw cause;
    throw new CatalogUnavailableError(`cannot read catalogue file ${file}`, { cause });
  } finally {
    await handle.close();
  }
}

/** Reads and parses every d3-celestial file the index is generated from. */
export async function readCatalogSources(dataDir: string = defaultCatalogDataDir()): Promise<CatalogSources> {
  const read = (name: string): Promise<Buffer> => readBytes(path.join(dataDir, name));
  const [starNames, dsos, dsoNames, messier] = await Promise.all([
    read(CATALOG_FILES.starNames),
    read(CATALOG_FILES.dsos),
    read(CATALOG_FILES.dsoNames),
    read(CATALOG_FILES.messier),
  ]);
  return {
    stars: await readStarTable(dataDir),
    starNames: parseObject(starNames.toString("utf8"), CATALOG_FILES.starNames) as Record<
      string,
      StarNameRecord
    >,
    dsos: pointFeatures(dsos.toString("utf8"), CATALOG_FILES.dsos).map((f): DsoRecord => ({
      id: String(f.id),
      desig: String(f.properties.desig ?? ""),
      lon: f.lon,
      lat: f.lat,
    })),
    dsoNames: parseObject(dsoNames.toString("utf8"), CATALOG_FILES.dsoNames) as Record<
      string,
      { name?: string }
    >,
    messier: pointFeatures(messier.toString("utf8"), CATALOG_FILES.messier).map((f): MessierRecord => ({
      id: String(f.id),
      desig: String(f.properties.desig ?? ""),
      alt: String(f.properties.alt ?? ""),
      lon: f.lon,
      lat: f.lat,
    })),
  };
}

/** The `source` note of the generated index: the d3-celestial version, licence and files used. */
export function catalogIndexSource(dataDir: string = defaultCatalogDataDir()): string {
  let version = "unknown";
  try {
    version = String(
      (JSON.parse(readFileSync(path.join(dataDir, "..", "package.json"), "utf8")) as { version?: unknown })
        .version,
    );
  } catch {
    // A data folder outside an installed package has no version to report.
  }
  const files = [
    CATALOG_FILES.starNames,
    CATALOG_FILES.stars,
    CATALOG_FILES.dsos,
    CATALOG_FILES.dsoNames,
    CATALOG_FILES.messier,
  ];
  return `generated by scripts/dev/generate-lookup-catalog.ts from d3-celestial ${version} (BSD-3-Clause, Olaf Frohn) data/${files.join(", data/")}`;
}

/**
 * The text of the generated index file, in JSON Lines: a first line `{"source": ...}`, then one
 * {@link CatalogRow} per line (so that regenerating after a data change gives a readable diff).
 */
export function serializeCatalogFile(rows: readonly CatalogRow[], source: string): string {
  return `${JSON.stringify({ source })}\n${rows.map((row) => JSON.stringify(row)).join("\n")}\n`;
}

/**
 * Parses the generated index file, checking each row's shape.
 * @throws CatalogUnavailableError when it is not valid JSON Lines or a row is malformed.
 */
export function parseCatalogFile(text: string, file = CATALOG_INDEX_PATH): CatalogRow[] {
  const newline = text.indexOf("\n");
  const header = parseObject(newline === -1 ? text : text.slice(0, newline), file);
  if (typeof header.source !== "string") {
    throw new CatalogUnavailableError(`catalogue index ${file} must start with a {"source": ...} line`);
  }
  // One parse of all rows as an array: much faster than a JSON.parse per line.
  const body = text
    .slice(newline + 1)
    .trimEnd()
    .replace(/\n/g, ",");
  let rows: unknown;
  try {
    rows = JSON.parse(`[${body}]`);
  } catch (cause) {
    throw new CatalogUnavailableError(`catalogue index ${file} has a line that is not JSON`, { cause });
  }
  (rows as unknown[]).forEach((row, i) => {
    const ok =
      Array.isArray(row) &&
      row.length >= 4 &&
      typeof row[0] === "number" &&
      typeof row[1] === "number" &&
      typeof row[2] === "number" &&
      row.slice(3).every((d: unknown) => typeof d === "string" || (Array.isArray(d) && d.length === 2));
    if (!ok) {
      throw new CatalogUnavailableError(
        `catalogue index ${file}: line ${i + 2} is not [ra, dec, catalogue, ...names]`,
      );
    }
  });
  return rows as CatalogRow[];
}

const ID = new TextEncoder().encode('"id":');
const MAG = new TextEncoder().encode('"mag":');
const COORDINATES = new TextEncoder().encode('"coordinates":[');

/**
 * Reads d3-celestial star features (`{"id":HIP,"properties":{"mag":m,...},"geometry":{...,"coordinates":
 * [lon,lat]}}`) straight from the file's bytes: several times faster than `JSON.parse` on the 15 MB file,
 * without decoding it to a string or building 118,000 objects. A feature whose fields are not all numbers
 * is skipped (its magnitude may be NaN).
 * @throws CatalogUnavailableError when the bytes hold no such feature.
 */
export function scanStarFeatures(bytes: Uint8Array, file = "stars"): StarTable {
  const sink = createStarSink(Math.ceil(bytes.length / 100) + 1);
  scanInto(bytes, sink);
  return sink.table(file);
}

/** Growable columns that scanned stars are appended to. */
interface StarSink {
  add(hip: number, lon: number, lat: number, mag: number): void;
  /** @throws CatalogUnavailableError when no star was added. */
  table(file: string): StarTable;
}

function createStarSink(initialCapacity: number): StarSink {
  let capacity = Math.max(16, initialCapacity);
  let hip = new Int32Array(capacity);
  let lon = new Float64Array(capacity);
  let lat = new Float64Array(capacity);
  let mag = new Float64Array(capacity);
  let n = 0;
  return {
    add(h, x, y, m) {
      if (n === capacity) {
        capacity *= 2;
        const grow = <T extends Int32Array | Float64Array>(old: T, make: (size: number) => T): T => {
          const next = make(capacity);
          next.set(old);
          return next;
        };
        hip = grow(hip, (size) => new Int32Array(size));
        lon = grow(lon, (size) => new Float64Array(size));
        lat = grow(lat, (size) => new Float64Array(size));
        mag = grow(mag, (size) => new Float64Array(size));
      }
      hip[n] = h;
      lon[n] = x;
      lat[n] = y;
      mag[n] = m;
      n += 1;
    },
    table(file) {
      if (n === 0) {
        throw new CatalogUnavailableError(
          `catalogue file ${file} holds no star feature in the expected form`,
        );
      }
      return {
        hip: hip.subarray(0, n),
        lon: lon.subarray(0, n),
        lat: lat.subarray(0, n),
        mag: mag.subarray(0, n),
      };
    },
  };
}

/** Appends every complete star feature of `buf` to `sink`. */
function scanInto(buf: Uint8Array, sink: StarSink): void {
  // Where the last number read ended; readNumber returns the value and leaves its end here (no allocation).
  let end = 0;
  const readNumber = (start: number): number => {
    let i = start;
    const negative = buf[i] === 0x2d;
    if (negative) i += 1;
    let mantissa = 0;
    let digits = 0;
    let decimals = -1;
    for (; i < buf.length; i += 1) {
      const c = buf[i] as number;
      if (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits += 1;
        if (decimals >= 0) decimals += 1;
      } else if (c === 0x2e && decimals < 0) {
        decimals = 0;
      } else {
        break;
      }
    }
    end = i;
    if (digits === 0) return NaN;
    // Beyond 15 digits the mantissa is no longer exact: let Number() read the text.
    if (digits > 15) return Number(String.fromCharCode(...buf.subarray(start, i)));
    // Mantissa and power of ten are exact, so the one division rounds correctly, as Number() would.
    const value = decimals > 0 ? mantissa / 10 ** decimals : mantissa;
    return negative ? -value : value;
  };
  let at = find(buf, ID, 0);
  while (at !== -1) {
    const id = readNumber(at + ID.length);
    const idEnd = end;
    const coordinatesAt = find(buf, COORDINATES, idEnd);
    if (coordinatesAt === -1) break;
    // The next feature's id must not come first: a feature without coordinates is skipped, not misread.
    const next = find(buf, ID, idEnd, coordinatesAt);
    if (next !== -1) {
      at = next;
      continue;
    }
    const magAt = find(buf, MAG, idEnd, coordinatesAt);
    const x = readNumber(coordinatesAt + COORDINATES.length);
    const y = readNumber(end + 1);
    const yEnd = end;
    if (Number.isInteger(id) && !Number.isNaN(x) && !Number.isNaN(y)) {
      sink.add(id, x, y, magAt === -1 ? NaN : readNumber(magAt + MAG.length));
    }
    at = find(buf, ID, yEnd);
  }
}

/** The index of `pattern` in `buf` between `from` and `to`, or -1 (a plain loop: faster than Buffer.indexOf here). */
function find(buf: Uint8Array, pattern: Uint8Array, from: number, to = buf.length): number {
  const first = pattern[0];
  const last = to - pattern.length;
  outer: for (let i = from; i <= last; i += 1) {
    if (buf[i] !== first) continue;
    for (let j = 1; j < pattern.length; j += 1) if (buf[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}

interface PointFeature {
  id: unknown;
  properties: Record<string, unknown>;
  lon: number;
  lat: number;
}

function parseObject(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CatalogUnavailableError(`catalogue file ${file} is not valid JSON`, { cause });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CatalogUnavailableError(`catalogue file ${file} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The Point features of a GeoJSON FeatureCollection; features of other shapes are skipped. */
function pointFeatures(text: string, file: string): PointFeature[] {
  const features = parseObject(text, file).features;
  if (!Array.isArray(features)) {
    throw new CatalogUnavailableError(`catalogue file ${file} must be a GeoJSON FeatureCollection`);
  }
  const out: PointFeature[] = [];
  for (const feature of features as unknown[]) {
    const f = feature as { id?: unknown; properties?: unknown; geometry?: { coordinates?: unknown } };
    const coordinates = f.geometry?.coordinates;
    if (
      !Array.isArray(coordinates) ||
      typeof coordinates[0] !== "number" ||
      typeof coordinates[1] !== "number"
    ) {
      continue;
    }
    out.push({
      id: f.id,
      properties: (f.properties ?? {}) as Record<string, unknown>,
      lon: coordinates[0],
      lat: coordinates[1],
    });
  }
  return out;
}
