import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  buildCatalogIndex,
  buildCatalogRows,
  catalogIndexSource,
  CatalogUnavailableError,
  defaultCatalogDataDir,
  defaultCatalogIndexFile,
  loadCatalog,
  parseCatalogFile,
  readCatalogSources,
  readStarTable,
  serializeCatalogFile,
  parseCoordinates,
  scanStarFeatures,
  separationArcsec,
  type CatalogIndex,
  type SkyPosition,
} from "@panoptes/lookup";

/** Parses a sexagesimal reference position (SIMBAD, ICRS J2000) for the tables below. */
function at(text: string): SkyPosition {
  const position = parseCoordinates(text);
  if (position === null) throw new Error(`bad reference position ${text}`);
  return position;
}

// SIMBAD's ICRS positions at epoch J2000 (the Hipparcos-2 astrometry).
const VEGA = at("18 36 56.33635 +38 47 01.2802");
const BETELGEUSE = at("05 55 10.30536 +07 24 25.4304");
const DENEB = at("20 41 25.91514 +45 16 49.2197");
const POLARIS = at("02 31 49.09456 +89 15 50.7923");
const SIRIUS = at("06 45 08.91728 -16 42 58.0171");
const ARCTURUS = at("14 15 39.67207 +19 10 56.6730");
const RIGEL = at("05 14 32.27210 -08 12 05.8981");
// Barnard's Star moves 10.3"/year: agreeing within 1" proves the positions are for epoch J2000, not 1991.25.
const BARNARD = at("17 57 48.49803 +04 41 36.2072");
// alf Cen A (alf1 Cen) moves 3.7"/year.
const RIGIL_KENTAURUS = at("14 39 36.49400 -60 50 02.3737");

let catalog: CatalogIndex;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe("loadCatalog (d3-celestial data)", () => {
  it("indexes the whole Hipparcos catalogue, the named stars and the deep-sky objects", async () => {
    expect(await catalog.countStars()).toBe(118216);
    expect(catalog.stats.objects).toBeGreaterThan(20000);
    expect(catalog.stats.keys).toBeGreaterThan(30000);
  });

  it.each([
    ["Vega", "Vega", VEGA],
    ["vega", "Vega", VEGA],
    ["  VEGA ", "Vega", VEGA],
    ["alf Lyr", "alf Lyr", VEGA],
    ["α Lyr", "alf Lyr", VEGA],
    ["Alpha Lyrae", "alf Lyr", VEGA],
    ["3 Lyr", "3 Lyr", VEGA],
    ["HIP 91262", "HIP 91262", VEGA],
    ["HIP91262", "HIP 91262", VEGA],
    ["hip 091262", "HIP 91262", VEGA],
    ["HD 172167", "HD 172167", VEGA],
    ["HD172167", "HD 172167", VEGA],
    ["GJ 721", "GJ 721", VEGA],
    ["Gliese 721", "GJ 721", VEGA],
    ["Betelgeuse", "Betelgeuse", BETELGEUSE],
    ["alpha Ori", "alf Ori", BETELGEUSE],
    ["58 Orionis", "58 Ori", BETELGEUSE],
    ["Deneb", "Deneb", DENEB],
    ["alf Cyg", "alf Cyg", DENEB],
    ["α Cyg", "alf Cyg", DENEB],
    ["Alpha Cygni", "alf Cyg", DENEB],
    ["alpha Cyg", "alf Cyg", DENEB],
    ["ALPHA CYGNUS", "alf Cyg", DENEB],
    ["Polaris", "Polaris", POLARIS],
    ["alf UMi", "alf UMi", POLARIS],
    ["Alpha Ursae Minoris", "alf UMi", POLARIS],
    ["Sirius", "Sirius", SIRIUS],
    ["Alpha Canis Majoris", "alf CMa", SIRIUS],
    ["Arcturus", "Arcturus", ARCTURUS],
    ["α Boötis", "alf Boo", ARCTURUS],
    ["Rigel", "Rigel", RIGEL],
    ["beta Ori", "bet Ori", RIGEL],
    ["Barnard's Star", "Barnard's Star", BARNARD],
    ["alf Cen", "alf Cen", RIGIL_KENTAURUS],
    ["Alpha Centauri", "alf Cen", RIGIL_KENTAURUS],
    ["α¹ Cen", "alf1 Cen", RIGIL_KENTAURUS],
    ["HIP 87937", "HIP 87937", BARNARD],
  ])(
    "finds the star %j as %j within 1 arcsecond of SIMBAD's J2000 position",
    async (query, name, expected) => {
      const match = await catalog.lookup(query);
      expect(match).toMatchObject({ name, catalog: "stars" });
      expect(separationArcsec(match as SkyPosition, expected)).toBeLessThan(1);
    },
  );

  it("reports the other designations of a star as aliases", async () => {
    expect((await catalog.lookup("Vega"))?.aliases).toEqual([
      "alf Lyr",
      "3 Lyr",
      "GJ 721",
      "HD 172167",
      "HIP 91262",
    ]);
    expect((await catalog.lookup("HD 172167"))?.aliases).toEqual([
      "Vega",
      "alf Lyr",
      "3 Lyr",
      "GJ 721",
      "HIP 91262",
    ]);
  });

  it("resolves a Hipparcos number that has no name (HIP 1)", async () => {
    expect(await catalog.lookup("HIP 1")).toEqual({
      name: "HIP 1",
      ra: 0.0009,
      dec: 1.089,
      catalog: "stars",
      aliases: [],
    });
  });

  // Extended objects: the catalogue's own position (d3-celestial, 4 decimals), checked loosely against
  // SIMBAD where SIMBAD's centre is the same reference point.
  it.each([
    ["M 42", "M 42", 83.8221, -5.3911, "05 35 17.3 -05 23 28"],
    ["M42", "M 42", 83.8221, -5.3911, "05 35 17.3 -05 23 28"],
    ["Messier 42", "M 42", 83.8221, -5.3911, "05 35 17.3 -05 23 28"],
    ["NGC 1976", "NGC 1976", 83.8221, -5.3911, "05 35 17.3 -05 23 28"],
    ["Orion Nebula", "Orion Nebula", 83.8221, -5.3911, "05 35 17.3 -05 23 28"],
    ["M 31", "M 31", 10.6847, 41.26875, "00 42 44.330 +41 16 07.50"],
    ["m31", "M 31", 10.6847, 41.26875, "00 42 44.330 +41 16 07.50"],
    ["Messier 031", "M 31", 10.6847, 41.26875, "00 42 44.330 +41 16 07.50"],
    ["NGC 224", "NGC 224", 10.6847, 41.26875, "00 42 44.330 +41 16 07.50"],
    ["Andromeda Galaxy", "Andromeda Galaxy", 10.6847, 41.26875, "00 42 44.330 +41 16 07.50"],
    ["NGC 7000", "NGC 7000", 314.696, 44.33, undefined],
    ["NGC7000", "NGC 7000", 314.696, 44.33, undefined],
    ["ngc_7000", "NGC 7000", 314.696, 44.33, undefined],
    ["North America Nebula", "North America Nebula", 314.696, 44.33, undefined],
    ["IC 434", "IC 434", 85.2, -2.5, undefined],
    ["M 1", "M 1", 83.6331, 22.0145, "05 34 31.94 +22 00 52.2"],
    ["Crab Nebula", "Crab Nebula", 83.6331, 22.0145, "05 34 31.94 +22 00 52.2"],
    ["Ptolemy's Cluster", "Ptolemy's Cluster", 268.463, -34.793, undefined],
  ])("finds the deep-sky object %j as %j at the catalogue position", async (query, name, ra, dec, simbad) => {
    const match = await catalog.lookup(query);
    expect(match).toMatchObject({ name, catalog: "dsos", ra, dec });
    if (simbad !== undefined) expect(separationArcsec(match as SkyPosition, at(simbad))).toBeLessThan(10);
  });

  it("falls back to messier.json for Messier objects missing from dsos.14 (M 40, M 102)", async () => {
    expect(await catalog.lookup("M 40")).toMatchObject({
      name: "M 40",
      catalog: "messier",
      ra: 185.5999,
      dec: 58.0833,
    });
    expect(await catalog.lookup("M102")).toMatchObject({ name: "M 102", catalog: "messier" });
  });

  it("answers RA in [0, 360) for objects stored with negative longitudes", async () => {
    for (const query of ["Vega", "NGC 7000", "Deneb", "M 40", "HIP 120416"]) {
      const match = await catalog.lookup(query);
      expect(match?.ra).toBeGreaterThanOrEqual(0);
      expect(match?.ra).toBeLessThan(360);
    }
  });

  it.each(["Wasp 35", "KIC 8462852", "TESS_SEC17_CAM02", "HIP 999999", "HD 1", "", "Zorblax"])(
    "knows nothing of %j",
    async (query) => expect(await catalog.lookup(query)).toBeNull(),
  );

  it("fails with catalog-unavailable when the index file is missing", async () => {
    const indexFile = path.join(os.tmpdir(), "no-such-folder", "catalog-index.jsonl");
    await expect(loadCatalog({ indexFile })).rejects.toMatchObject({ code: "catalog-unavailable" });
    await expect(loadCatalog({ indexFile })).rejects.toThrow(/cannot read catalogue file .*no-such-folder/);
  });

  it("still answers named objects when d3-celestial's star table is missing, and says so for HIP numbers", async () => {
    const partial = await loadCatalog({ dataDir: path.join(os.tmpdir(), "no-such-d3-celestial-data") });
    expect(await partial.lookup("HIP 91262")).toMatchObject({ name: "HIP 91262" });
    await expect(partial.lookup("HIP 1")).rejects.toMatchObject({ code: "catalog-unavailable" });
  });
});

describe("the generated index file", () => {
  it("is what scripts/dev/generate-lookup-catalog.ts makes from the installed d3-celestial (regenerate it if not)", async () => {
    const dataDir = defaultCatalogDataDir();
    const expected = serializeCatalogFile(
      buildCatalogRows(await readCatalogSources(dataDir)),
      catalogIndexSource(dataDir),
    );
    const committed = fs.readFileSync(defaultCatalogIndexFile(), "utf8");
    // Compare line counts first for a short message, then the text.
    expect(committed.split("\n").length).toBe(expected.split("\n").length);
    expect(committed === expected).toBe(true);
  });

  it("gives the same answers as an index built straight from d3-celestial", async () => {
    const direct = buildCatalogIndex(await readCatalogSources());
    for (const query of [
      "Vega",
      "alf1 Cen",
      "Barnard's Star",
      "M 31",
      "NGC 7000",
      "M 40",
      "Bélénos",
      "HIP 1",
    ]) {
      expect([query, await catalog.lookup(query)]).toEqual([query, await direct.lookup(query)]);
    }
  });

  it.each([
    ["not JSON", "{nope\n"],
    ["no source line", '{"x":1}\n[1,2,0,"A"]\n'],
    ["a short row", '{"source":"t"}\n[1,2,0]\n'],
    ["a bad designation", '{"source":"t"}\n[1,2,0,["A"]]\n'],
    ["a line that is not JSON", '{"source":"t"}\n[1,2,0,"A"]\n[1,2\n'],
  ])("rejects an index file with %s", (_, text) => {
    expect(() => parseCatalogFile(text, "t.jsonl")).toThrow(CatalogUnavailableError);
  });
});

describe("scanStarFeatures", () => {
  it("reads the same stars as JSON.parse from d3-celestial's stars.14.json", async () => {
    const bytes = fs.readFileSync(path.join(defaultCatalogDataDir(), "stars.14.json"));
    const table = scanStarFeatures(bytes);
    const features = (
      JSON.parse(bytes.toString("utf8")) as {
        features: { id: number; properties: { mag: number }; geometry: { coordinates: [number, number] } }[];
      }
    ).features;
    expect(table.hip.length).toBe(features.length);
    features.forEach((f, i) => {
      if (
        table.hip[i] !== f.id ||
        table.lon[i] !== f.geometry.coordinates[0] ||
        table.lat[i] !== f.geometry.coordinates[1]
      ) {
        throw new Error(
          `feature ${i} (HIP ${f.id}) read as HIP ${table.hip[i]} ${table.lon[i]} ${table.lat[i]}`,
        );
      }
      if (table.mag[i] !== f.properties.mag) throw new Error(`feature ${i} magnitude ${table.mag[i]}`);
    });
  });

  it("skips a feature without coordinates instead of taking the next feature's", async () => {
    const text =
      '{"features":[{"type":"Feature","id":7,"properties":{"mag":1.5},"geometry":{"type":"Point"}},' +
      '{"type":"Feature","id":8,"properties":{"mag":-1.46},"geometry":{"type":"Point","coordinates":[-80.7653,38.7837]}}]}';
    const table = scanStarFeatures(new TextEncoder().encode(text));
    expect(Array.from(table.hip)).toEqual([8]);
    expect(Array.from(table.lon)).toEqual([-80.7653]);
    expect(Array.from(table.mag)).toEqual([-1.46]);
  });

  it("reads the same table in chunks (readStarTable) as from the whole file", async () => {
    const whole = scanStarFeatures(fs.readFileSync(path.join(defaultCatalogDataDir(), "stars.14.json")));
    const chunked = await readStarTable(defaultCatalogDataDir(), 64 * 1024);
    expect(chunked.hip.length).toBe(whole.hip.length);
    for (const column of ["hip", "lon", "lat", "mag"] as const) {
      expect(
        Buffer.compare(
          Buffer.from(new Uint8Array(new Float64Array(chunked[column]).buffer)),
          Buffer.from(new Uint8Array(new Float64Array(whole[column]).buffer)),
        ),
      ).toBe(0);
    }
  });

  it.each([3, 7, 50, 1 << 20])("joins features split across chunks of %i bytes", async (chunkBytes) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lookup-stars-"));
    const features = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        type: "Feature",
        id: i + 1,
        properties: { mag: i / 10, bv: "0.1" },
        geometry: { type: "Point", coordinates: [i - 15.5, i === 0 ? 0 : -i / 3] },
      }),
    );
    fs.writeFileSync(
      path.join(dir, "stars.14.json"),
      `{"type":"FeatureCollection","features":[${features.join(",")}]}`,
    );
    const table = await readStarTable(dir, chunkBytes);
    fs.rmSync(dir, { recursive: true });
    expect(Array.from(table.hip)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(Array.from(table.lon)).toEqual(Array.from({ length: 30 }, (_, i) => i - 15.5));
    expect(Array.from(table.lat)).toEqual(Array.from({ length: 30 }, (_, i) => (i === 0 ? 0 : -i / 3)));
  });

  it("rejects a file with no star feature", async () => {
    expect(() => scanStarFeatures(new TextEncoder().encode("{}"), "x.json")).toThrow(CatalogUnavailableError);
  });
});

describe("buildCatalogIndex", () => {
  const index = buildCatalogIndex({
    stars: { hip: [1, 2, 3], lon: [-10, 20, 30], lat: [1, 2, 3], mag: [5, 1, 3] },
    starNames: {
      "1": { name: "", bayer: "α1", c: "Cen", hd: "HD 10" },
      "2": { name: "Brightstar", bayer: "α", c: "Cen", hd: "HD 20" },
      "3": { name: "", bayer: "", flam: "", var: "V0822", c: "Cas" },
    },
    dsos: [
      { id: "NGC 224", desig: "M 31", lon: 10.6847, lat: 41.26875 },
      { id: "NGC 9999", desig: "NGC 9999", lon: -45, lat: 10 },
    ],
    dsoNames: { "NGC 224": { name: "Andromeda Galaxy" } },
    messier: [
      { id: "M31", desig: "NGC 224", alt: "Duplicate", lon: 0, lat: 0 },
      { id: "M40", desig: "WNC 4", alt: "Winnecke 4", lon: -174.4001, lat: 58.0833 },
    ],
  });

  it("converts longitudes in [-180, 180] to RA in [0, 360)", async () => {
    expect((await index.lookup("HIP 1"))?.ra).toBe(350);
    expect((await index.lookup("NGC 9999"))?.ra).toBe(315);
  });

  it("spells Bayer designations with SIMBAD's Greek abbreviations and keeps the component number", async () => {
    expect(await index.lookup("α¹ Cen")).toMatchObject({
      name: "alf1 Cen",
      aliases: ["alf Cen", "HD 10", "HIP 1"],
    });
    expect((await index.lookup("alpha1 Centauri"))?.name).toBe("alf1 Cen");
  });

  it("drops the leading zeros of variable-star numbers", async () => {
    expect(await index.lookup("V822 Cas")).toMatchObject({ name: "V822 Cas" });
    expect(await index.lookup("V0822 Cassiopeiae")).toMatchObject({ name: "V822 Cas" });
  });

  it("puts the Messier number first among a deep-sky object's designations", async () => {
    expect(await index.lookup("Andromeda Galaxy")).toMatchObject({
      name: "Andromeda Galaxy",
      aliases: ["M 31", "NGC 224"],
    });
  });

  it("prefers the deep-sky catalogue's Messier entry over messier.json, which fills the gaps", async () => {
    expect(await index.lookup("M 31")).toMatchObject({ catalog: "dsos", ra: 10.6847 });
    expect(await index.lookup("M 40")).toMatchObject({
      catalog: "messier",
      ra: 185.5999,
      aliases: ["WNC 4", "Winnecke 4"],
    });
  });

  it("gives a designation two stars share to the brighter one", async () => {
    const clash = buildCatalogIndex({
      stars: { hip: [1, 2], lon: [1, 2], lat: [1, 2], mag: [4, 2] },
      starNames: { "1": { name: "Twin", c: "Ori" }, "2": { name: "Twin", c: "Ori" } },
      dsos: [],
      dsoNames: {},
      messier: [],
    });
    expect((await clash.lookup("Twin"))?.aliases).toEqual(["HIP 2"]);
  });
});
