import {
  type LegacyFixture,
  legacyDocuments,
  seededRandom,
  sequenceIdFor,
  syntheticImage,
  syntheticObservation,
  syntheticUnit,
} from "@panoptes/demo";
import { COLLECTIONS, type ObservationDoc } from "@panoptes/models";
import { createLogger, firebaseApp, firestoreFor, toFirestoreData } from "@panoptes/platform";
import { angularDistanceDeg } from "@panoptes/sky";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix } from "@panoptes/testing";
import { randomInt } from "node:crypto";
import type { Firestore } from "firebase-admin/firestore";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createApp } from "../src/app";
import { parseConfig } from "../src/config";
import { MemoryObservationIndex } from "../src/memory-index";

let db: Firestore;
let base: string;

async function writeAll(collection: string, docs: Array<{ id: string; data: object }>): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) {
    const batch = db.batch();
    for (const d of docs.slice(i, i + 500)) {
      batch.set(
        db.collection(collection).doc(d.id),
        toFirestoreData(d.data) as FirebaseFirestore.DocumentData,
      );
    }
    await batch.commit();
  }
}

async function seedObservations(obs: ObservationDoc[]): Promise<void> {
  await writeAll(
    COLLECTIONS.observations,
    obs.map((o) => ({ id: o.sequence_id, data: o })),
  );
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body: body as Record<string, unknown>, text };
}

// Unit ids PAN100..PAN599 handed out in turn from a random start, so no two series of this file share a unit
// (random ids would collide: ~90 series among 900 ids). The end-to-end test takes its units from PAN600..PAN699,
// and uniqueUnitId() (other tests) reserves from PAN700..PAN999.
let nextUnit = randomInt(500);
function freshUnitId(): string {
  return `PAN${100 + (nextUnit++ % 500)}`;
}

/** `count` observations of one fresh unit and field, one per minute from `start`, newest last. */
function series(
  count: number,
  start = new Date("2024-03-01T04:00:00Z"),
  extra: Partial<ObservationDoc> = {},
) {
  const unit = freshUnitId();
  const field = `Field ${uniqueSuffix()}`;
  return Array.from({ length: count }, (_, i) => {
    const time = new Date(start.getTime() + i * 60_000);
    const camera_id = i % 2 === 0 ? "14d3bd" : "ee04d1";
    return syntheticObservation({
      sequence_id: sequenceIdFor(unit, camera_id, time),
      unit_id: unit,
      camera_id,
      time,
      field_name: field,
      num_images: i,
      status: i % 3 === 0 ? "processed" : "receiving_files",
      ...extra,
    });
  });
}

type Row = { sequence_id: string };

async function pageThrough(query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const r = await get(`/api/observations?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(r.status).toBe(200);
    ids.push(...(r.body.observations as Row[]).map((o) => o.sequence_id));
    cursor = r.body.next_cursor as string | null;
    if (!cursor) return ids;
  }
  throw new Error("paging did not end");
}

const servers: Server[] = [];
const bases: Record<string, string> = {};

beforeAll(async () => {
  requireEmulators("firestore");
  db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const config = parseConfig({ GCLOUD_PROJECT: TEST_PROJECT_ID });
  const log = createLogger({ service: "explorer-api-test", level: "ERROR" });
  // The same API twice: lists by Firestore query per request, and from the in-memory index (refreshed before
  // every answer here, so a test sees what it just wrote).
  const apps = {
    firestore: createApp({ db, config, log }),
    memory: createApp({
      db,
      config,
      log,
      index: new MemoryObservationIndex(db, log, { maxAgeMs: 0, fullReloadMs: 600_000, maxRows: 1_000_000 }),
    }),
  };
  for (const [name, app] of Object.entries(apps)) {
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    servers.push(server);
    bases[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe.each(["firestore", "memory"])("with %s lists", (engine) => {
  beforeAll(() => {
    base = bases[engine]!;
  });

  describe("units and summary", () => {
    it("lists a unit with its counters and location and counts it in the summary and home answers", async () => {
      const unit = syntheticUnit(freshUnitId(), {
        num_observations: 3,
        num_images: 42,
        total_minutes_exptime: 84,
      });
      await writeAll(COLLECTIONS.units, [{ id: unit.unit_id, data: unit }]);
      const units = await get("/api/units");
      const row = (units.body.units as Array<Record<string, unknown>>).find(
        (u) => u.unit_id === unit.unit_id,
      );
      expect(row).toMatchObject({
        num_observations: 3,
        num_images: 42,
        location: { latitude: 19.54, longitude: -155.58 },
      });
      const one = await get(`/units/${unit.unit_id}`);
      expect(one.body).toMatchObject({
        success: true,
        unit: { unit_id: unit.unit_id, total_minutes_exptime: 84 },
      });
      const summary = (await get("/api/summary")).body.summary as Record<string, number>;
      expect(summary.units).toBeGreaterThanOrEqual(1);
      expect(summary.images).toBeGreaterThanOrEqual(42);
      expect(summary.hours_exptime).toBeGreaterThanOrEqual(1.4);
      const home = (await get("/api/home")).body;
      expect(home.summary).toEqual((await get("/api/summary")).body.summary);
      expect((home.observations as unknown[]).length).toBeLessThanOrEqual(10);
    });
  });

  describe("observation list", () => {
    it("pages newest first by cursor without gaps or repeats", async () => {
      const obs = series(7);
      await seedObservations(obs);
      const expected = obs.map((o) => o.sequence_id).reverse();
      expect(await pageThrough(`unit_id=${obs[0]!.unit_id}`, 3)).toEqual(expected);
      expect(await pageThrough(`unit_id=${obs[0]!.unit_id}`, 7)).toEqual(expected);
    });

    it.each([
      ["camera", "camera_id=EE04D1", (o: ObservationDoc) => o.camera_id === "ee04d1"],
      ["status", "status=processed", (o: ObservationDoc) => o.status === "processed"],
      ["minimum images", "min_images=4", (o: ObservationDoc) => o.num_images >= 4],
      [
        "UTC date range",
        "from=2024-03-01T04:02:00Z&to=2024-03-01T04:05:00Z",
        (o: ObservationDoc) =>
          o.time >= new Date("2024-03-01T04:02:00Z") && o.time < new Date("2024-03-01T04:05:00Z"),
      ],
      ["a date-only end includes that day", "from=2024-03-01&to=2024-03-01", () => true],
    ])("filters by %s", async (_name, query, keep) => {
      const obs = series(8);
      await seedObservations(obs);
      const expected = obs
        .filter(keep)
        .map((o) => o.sequence_id)
        .reverse();
      expect(expected.length).toBeGreaterThan(0);
      expect(await pageThrough(`unit_id=${obs[0]!.unit_id}&${query}`, 2)).toEqual(expected);
    });

    it("matches a field name however it is spaced or cased", async () => {
      const obs = series(2);
      await seedObservations(obs);
      const typed = obs[0]!.field_name!.toUpperCase().replace(" ", "_");
      const r = await get(`/api/observations?field=${encodeURIComponent(typed)}`);
      expect((r.body.observations as Row[]).map((o) => o.sequence_id).sort()).toEqual(
        obs.map((o) => o.sequence_id).sort(),
      );
    });
  });

  describe("cone search against a brute-force angular distance", () => {
    // Each case seeds 160 observations around a hard place of the sky under a field name of its own, then
    // compares the API's answer (paged with a small limit) with the observations truly within the radius.
    it.each([
      ["across RA 0/360", { ra: [354, 6], dec: [-8, 8] }, { ra: 359.2, dec: 1.5, radius: 3 }],
      ["centred just past RA 0", { ra: [354, 6], dec: [-8, 8] }, { ra: 0.4, dec: -2, radius: 2.5 }],
      ["around the north pole", { ra: [0, 360], dec: [82, 90] }, { ra: 123, dec: 88.5, radius: 3 }],
      ["at the south pole", { ra: [0, 360], dec: [-90, -83] }, { ra: 0, dec: -90, radius: 4 }],
      ["wide, over the pole", { ra: [0, 360], dec: [60, 90] }, { ra: 300, dec: 75, radius: 20 }],
    ])("%s", async (_name, box, cone) => {
      // seeded, so a failing cone search reproduces
      const rnd = seededRandom(Math.round(cone.ra * 100 + cone.dec * 10 + 7));
      const obs = series(160).map((o) => {
        const [lo, hi] = box.ra as [number, number];
        const span = hi > lo ? hi - lo : hi + 360 - lo;
        const ra = (lo + rnd() * span) % 360;
        const dec = box.dec[0]! + rnd() * (box.dec[1]! - box.dec[0]!);
        return syntheticObservation({ ...o, ra, dec });
      });
      await seedObservations(obs);
      const brute = obs
        .filter((o) => angularDistanceDeg(cone.ra, cone.dec, o.ra!, o.dec!) <= cone.radius)
        .map((o) => o.sequence_id)
        .reverse();
      expect(brute.length).toBeGreaterThan(3);
      expect(brute.length).toBeLessThan(obs.length);
      const q = `field=${encodeURIComponent(obs[0]!.field_name!)}&ra=${cone.ra}&dec=${cone.dec}&radius=${cone.radius}`;
      expect(await pageThrough(q, 10)).toEqual(brute);
    });

    it("never returns unsolved observations", async () => {
      const obs = series(3).map((o, i) =>
        syntheticObservation({ ...o, ra: i === 0 ? null : 10, dec: i === 0 ? null : 10 }),
      );
      await seedObservations(obs);
      const r = await get(
        `/api/observations?field=${encodeURIComponent(obs[0]!.field_name!)}&ra=10&dec=10&radius=180`,
      );
      expect((r.body.observations as Row[]).map((o) => o.sequence_id).sort()).toEqual(
        [obs[1]!.sequence_id, obs[2]!.sequence_id].sort(),
      );
    });
  });

  describe("one observation", () => {
    it("answers its images in time order with the per-image series and file links", async () => {
      const [obs] = series(1);
      await seedObservations([obs!]);
      const images = [3, 0, 2, 1].map((i) =>
        syntheticImage(
          obs!,
          i,
          i === 2
            ? {
                products: {
                  bayer: null,
                  r: "PAN/x_r.fits",
                  g: "gs://other/x_g.fits",
                  b: null,
                  interpolation: "bilinear",
                  source_generation: "1",
                  made_time: null,
                },
              }
            : {},
        ),
      );
      await writeAll(
        COLLECTIONS.images,
        images.map((im) => ({ id: im.image_id, data: im })),
      );
      const r = await get(`/api/observations/${obs!.sequence_id}`);
      expect(r.status).toBe(200);
      const got = r.body.images as Array<{ image_id: string; links: { file: string; products: unknown } }>;
      expect(got.map((i) => i.image_id)).toEqual(
        [...images].sort((a, b) => a.time.getTime() - b.time.getTime()).map((i) => i.image_id),
      );
      expect(got[0]!.links.file).toBe(
        `https://storage.googleapis.com/panoptes-raw-images/${images[1]!.bucket_path}`,
      );
      expect(got[2]!.links.products).toEqual({
        bayer: null,
        r: "https://storage.googleapis.com/panoptes-rgb-images/PAN/x_r.fits",
        g: "https://storage.googleapis.com/other/x_g.fits",
        b: null,
      });
      const s = r.body.series as Record<string, unknown[]>;
      expect(s.time).toHaveLength(4);
      expect(s.airmass).toEqual([1.05, 1.07, 1.09, 1.11]);
      expect(s.exptime).toEqual([120, 120, 120, 120]);
      expect((r.body.observation as Record<string, unknown>).sky_cells).toBeUndefined();
    });
  });

  describe("export", () => {
    it("exports the whole filtered list as CSV and JSON, the same rows as the list", async () => {
      const obs = series(9, undefined, { field_name: `Comma, "quoted" ${uniqueSuffix()}` });
      await seedObservations(obs);
      const q = `unit_id=${obs[0]!.unit_id}&min_images=2`;
      const listed = await pageThrough(q, 200);
      const json = await get(`/api/observations/export?${q}&format=json`);
      expect((json.body.observations as Row[]).map((o) => o.sequence_id)).toEqual(listed);
      expect(json.body.truncated).toBe(false);
      const csv = await get(`/api/observations/export?${q}&format=csv`);
      expect(csv.headers.get("content-disposition")).toBe('attachment; filename="observations.csv"');
      const lines = csv.text.trim().split("\r\n");
      expect(lines[0]!.startsWith("sequence_id,unit_id,camera_id,time,field_name,ra,dec")).toBe(true);
      expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(listed);
      expect(lines[1]).toContain(`"Comma, ""quoted""`);
    });
  });

  describe("documents the 2020 network wrote", () => {
    let f: LegacyFixture;
    beforeAll(async () => {
      f = legacyDocuments(freshUnitId());
      // `updated_time` only so the in-memory index, loaded by earlier tests, meets these documents (2020
      // documents exist before the service starts; its first full load reads them).
      const now = new Date();
      await writeAll(
        COLLECTIONS.units,
        Object.entries(f.units).map(([id, data]) => ({ id, data })),
      );
      await writeAll(
        COLLECTIONS.observations,
        Object.entries(f.observations).map(([id, data]) => ({ id, data: { ...data, updated_time: now } })),
      );
      await writeAll(
        COLLECTIONS.images,
        Object.entries(f.images).map(([id, data]) => ({ id, data })),
      );
    });

    it("lists them with current words and names the unreadable one in skipped", async () => {
      const [seed, cf2020, older] = Object.keys(f.observations);
      for (const status of ["", "&status=receiving_files", "&status=receiving"]) {
        const r = await get(`/api/observations?unit_id=${f.unitId}${status}`);
        expect(r.status).toBe(200);
        const rows = r.body.observations as { sequence_id: string; status: string; time: string }[];
        const ids = rows.map((o) => o.sequence_id);
        expect(ids).toEqual(expect.arrayContaining([seed, older]));
        // Firestore queries cannot match a numeric unit_id or order a missing `time` until `panoptes migrate`
        if (engine === "memory") expect(ids).toContain(cf2020);
        expect(rows.every((o) => o.status === "receiving_files")).toBe(true);
        expect(rows.find((o) => o.sequence_id === older)!.time).toBe("2020-03-19T04:00:00.000Z");
        expect(r.body.skipped).toContain(f.unreadableObservation);
      }
    });

    it("reads the unit and an observation's images; a single unreadable document answers 422 naming it", async () => {
      const unit = await get(`/api/units/${f.unitId}`);
      expect(unit.body.unit).toMatchObject({ unit_id: f.unitId, num_images: 7, elevation: 3400 });
      const units = await get("/api/units");
      expect((units.body.units as { unit_id: string }[]).some((u) => u.unit_id === f.unitId)).toBe(true);
      const obs = await get(`/api/observations/${f.countedObservation.id}`);
      expect(obs.status).toBe(200);
      expect(obs.body.skipped).toEqual([]);
      expect(obs.body.images).toEqual([expect.objectContaining({ status: "solved", airmass: 1.052 })]);
      const broken = await get(`/api/observations/${f.unreadableObservation}`);
      expect(broken.status).toBe(422);
      expect(broken.body).toMatchObject({ success: false, error: { code: "invalid-document" } });
      expect(broken.body.msg).toContain(f.unreadableObservation);
    });
  });

  describe("errors and caching", () => {
    it.each([
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["ra=10", "dec"],
      ["ra=10&dec=95", "dec"],
      ["ra=400&dec=0", "ra"],
      ["ra=1&dec=1&radius=0", "radius"],
      ["radius=2", "radius"],
      ["camera_id=xyz", "camera_id"],
      ["unit_id=PAN1", "unit_id"],
      ["status=done", "status"],
      ["from=2024-13-01", "from"],
      ["from=2024-03-02&to=2024-03-01T00:00:00Z", "to"],
      ["min_images=-1", "min_images"],
      ["cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["colour=red", "colour"],
    ])("answers 400 naming the parameter for %s", async (query, param) => {
      const r = await get(`/api/observations?${query}`);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ success: false, error: { code: "invalid-parameter" } });
      expect((r.body.error as { message: string }).message.startsWith(`${param}:`)).toBe(true);
    });

    it.each([
      ["/api/observations/PAN001_14d3bd_20000101T000000", 404],
      ["/api/observations/PAN001_14d3bd_20000101T000000/runs", 404],
      ["/api/units/PAN000", 404],
      ["/api/lightcurves/no-such-curve", 404],
      ["/api/observations/not-a-sequence", 400],
      ["/api/units/PANX", 400],
      ["/api/nothing-here", 404],
    ])("answers %s with %i and an error body", async (path, status) => {
      const r = await get(path);
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({
        success: false,
        error: { code: expect.any(String), message: expect.any(String) },
      });
      // the 2020 network's clients print `msg`
      expect(r.body.msg).toBe((r.body.error as { message: string }).message);
    });

    it("refuses writes with 405", async () => {
      const res = await fetch(`${base}/api/observations`, { method: "POST" });
      expect(res.status).toBe(405);
    });

    it("marks answers cacheable and answers 304 to a matching ETag", async () => {
      const first = await get("/api/units");
      expect(first.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
      const etag = first.headers.get("etag");
      expect(etag).toBeTruthy();
      // fetch adds "Cache-Control: no-cache" to conditional requests unless the caller sets it (Fetch standard).
      const again = await fetch(`${base}/api/units`, {
        headers: { "If-None-Match": etag!, "Cache-Control": "max-age=0" },
      });
      expect(again.status).toBe(304);
    });
  });
});

describe("in-memory index", () => {
  const log = createLogger({ service: "explorer-api-test", level: "ERROR" });

  it("answers from its snapshot while younger than maxAge, refreshes past half of it, waits past all of it", async () => {
    let now = 1_000_000;
    const index = new MemoryObservationIndex(db, log, {
      maxAgeMs: 10_000,
      fullReloadMs: 600_000,
      maxRows: 1e6,
      now: () => now,
    });
    const [first, second, third] = series(3);
    await seedObservations([first!]);
    const q = { unit_id: first!.unit_id, limit: 10, format: "json" as const };
    expect((await index.list(q)).observations.map((o) => o.sequence_id)).toEqual([first!.sequence_id]);
    await seedObservations([second!]);
    now += 4_000;
    expect((await index.list(q)).observations).toHaveLength(1);
    now += 2_000; // past half of maxAge: this answer is the snapshot, and starts a background refresh
    expect((await index.list(q)).observations).toHaveLength(1);
    await index.refresh();
    expect((await index.list(q)).observations.map((o) => o.sequence_id)).toEqual([
      second!.sequence_id,
      first!.sequence_id,
    ]);
    // An instance idle for longer than maxAge answers nothing older than maxAge: it waits for the refresh.
    await seedObservations([third!]);
    now += 60_000;
    expect((await index.list(q)).observations.map((o) => o.sequence_id)).toEqual([
      third!.sequence_id,
      second!.sequence_id,
      first!.sequence_id,
    ]);
  });

  it("falls back to Firestore queries when the collection outgrows maxRows", async () => {
    const obs = series(3);
    await seedObservations(obs);
    const app = createApp({
      db,
      config: parseConfig({ GCLOUD_PROJECT: TEST_PROJECT_ID }),
      log,
      index: new MemoryObservationIndex(db, log, { maxAgeMs: 0, fullReloadMs: 600_000, maxRows: 2 }),
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const res = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/observations?unit_id=${obs[0]!.unit_id}`,
      );
      const body = (await res.json()) as { observations: Row[] };
      expect(body.observations.map((o) => o.sequence_id)).toEqual(obs.map((o) => o.sequence_id).reverse());
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
