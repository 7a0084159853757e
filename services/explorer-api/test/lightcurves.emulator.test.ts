import { Storage } from "@google-cloud/storage";
import { sequenceIdFor, syntheticObservation, syntheticUnit } from "@panoptes/demo";
import {
  COLLECTIONS,
  type LightcurveView,
  type MeasuredStarRow,
  type ProcessingRunRow,
} from "@panoptes/models";
import {
  createLogger,
  createObjectStore,
  firebaseApp,
  firestoreFor,
  toFirestoreData,
} from "@panoptes/platform";
import {
  pythonCsvRows,
  processedRunFixture,
  type ProcessedRunFixture,
  requireEmulators,
  TEST_PROJECT_ID,
  uniqueSuffix,
  writeProcessedRun,
} from "@panoptes/testing";
import type { Firestore } from "firebase-admin/firestore";
import { randomInt } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app";
import { parseConfig } from "../src/config";

const PROCESSED = "panoptes-processed";
let db: Firestore;
let server: Server;
let base = "";
let sequenceId = "";
let run: ProcessedRunFixture;
const ids = { done: "", failed: "", old: "", stored: "", oldCurve: "" };

async function get(path: string) {
  const res = await fetch(`${base}${path}`);
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // text answers (CSV, AAVSO)
  }
  return { status: res.status, headers: res.headers, body, text };
}

beforeAll(async () => {
  requireEmulators("firestore", "storage");
  db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const unit = `PAN${100 + randomInt(500)}`;
  const camera = uniqueSuffix()
    .replace(/[^0-9a-f]/g, "0")
    .padEnd(6, "0")
    .slice(0, 6);
  const start = new Date("2019-07-02T03:00:00Z");
  sequenceId = sequenceIdFor(unit, camera, start);
  const obs = syntheticObservation({
    sequence_id: sequenceId,
    unit_id: unit,
    camera_id: camera,
    time: start,
  });
  await db
    .collection(COLLECTIONS.units)
    .doc(unit)
    .set(toFirestoreData(syntheticUnit(unit)) as object);
  await db
    .collection(COLLECTIONS.observations)
    .doc(sequenceId)
    .set(toFirestoreData(obs) as object);

  const suffix = uniqueSuffix();
  ids.done = `run-done-${suffix}`;
  ids.failed = `run-failed-${suffix}`;
  ids.old = `run-old-${suffix}`;
  // a run made by real photometry (libs/photometry on a generated sequence with a 2% transit)
  run = processedRunFixture({
    sequenceId,
    runId: ids.done,
    unitId: unit,
    cameraId: camera,
    frames: 24,
    created: new Date("2026-12-01T10:00:00Z"),
  });
  await writeProcessedRun(db, run);
  // a newer run that failed, and an older 2020-style run whose lightcurve has only `target`
  await db
    .collection(COLLECTIONS.processedObservations)
    .doc(ids.failed)
    .set({
      ...run.processed,
      created_time: new Date("2026-12-01T11:00:00Z"),
      status: "failed",
      reason: "no solved frames",
      outputs: null,
    });
  await db
    .collection(COLLECTIONS.processedObservations)
    .doc(ids.old)
    .set({
      sequence_id: sequenceId,
      created_time: new Date("2020-01-01T00:00:00Z"),
      software_version: "2020",
      parameters: {},
      status: "done",
      summary: {},
    });
  ids.oldCurve = `lc-old-${suffix}`;
  await db
    .collection(COLLECTIONS.lightcurves)
    .doc(ids.oldCurve)
    .set({
      sequence_id: sequenceId,
      processed_observation_id: ids.old,
      target: { name: "HAT-P-11", ra: 297.71, dec: 48.08 },
      created_time: new Date("2020-01-01T00:00:00Z"),
      points: [{ time: new Date("2019-07-02T03:00:00Z"), flux: { g: 1.0 }, flux_err: { g: 0.002 } }],
      storage_path: null,
    });
  // the target's series again, kept in the processed bucket as a large run would keep it
  const target = run.lightcurves.find((l) => l.id === run.targetLightcurveId)!;
  // an id as process-observation makes them: the run id and a star id with `.` and `+`
  ids.stored = `lc-stored-${suffix}_T2_300.18213+22.71085`;
  const path = `${sequenceId}/${ids.done}/${ids.stored}.json`;
  await new Storage({ projectId: TEST_PROJECT_ID })
    .bucket(PROCESSED)
    .file(path)
    .save(JSON.stringify({ points: target.doc.points }), { resumable: false });
  await db
    .collection(COLLECTIONS.lightcurves)
    .doc(ids.stored)
    .set({
      ...target.doc,
      processed_observation_id: `elsewhere-${suffix}`,
      points: null,
      storage_path: path,
    });

  const app = createApp({
    db,
    config: parseConfig({ GCLOUD_PROJECT: TEST_PROJECT_ID, PROCESSED_BUCKET: PROCESSED }),
    log: createLogger({ service: "explorer-api-lightcurves-test", level: "ERROR" }),
    store: createObjectStore(new Storage({ projectId: TEST_PROJECT_ID })),
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

describe("processing runs of an observation", () => {
  test("newest first, with the summary and links to the run's CSV and FITS", async () => {
    const r = await get(`/api/observations/${sequenceId}/runs`);
    expect(r.status).toBe(200);
    const runs = r.body.runs as ProcessingRunRow[];
    expect(runs.map((x) => x.id)).toEqual([ids.failed, ids.done, ids.old]);
    expect(runs[0]).toMatchObject({
      status: "failed",
      reason: "no solved frames",
      links: { csv: null, fits: null },
    });
    const done = runs[1]!;
    expect(done).toMatchObject({
      status: "done",
      stars_measured: run.processed.stars_measured,
      num_lightcurves: run.lightcurves.length,
      frames_used: run.processed.frames_used,
      target: { lightcurve_id: run.targetLightcurveId, name: "HD 4242" },
    });
    expect(done.frames_dropped).toEqual([
      { image_id: expect.any(String), reason: expect.stringMatching(/^cloudy/) },
    ]);
    expect(done.precision!.length).toBeGreaterThan(1);
    expect(done.links.csv).toBe(
      `https://storage.googleapis.com/${PROCESSED}/${sequenceId}/${ids.done}/lightcurves.csv`,
    );
    expect(runs[2]).toMatchObject({ status: "done", links: { csv: null, fits: null } });
  });

  test("an unknown observation is a 404", async () => {
    const r = await get(`/api/observations/PAN001_14d3bd_20000101T000000/runs`);
    expect(r.status).toBe(404);
  });
});

describe("measured stars of a run", () => {
  const stars = async (q: string) => {
    const r = await get(`/api/observations/${sequenceId}/runs/${ids.done}/stars${q}`);
    expect(r.status).toBe(200);
    return r.body as { stars: MeasuredStarRow[]; total: number; next_offset: number | null };
  };

  test.each([
    ["vmag", "asc"],
    ["vmag", "desc"],
    ["rms", "asc"],
    ["rms", "desc"],
  ] as const)("target first, then by %s %s", async (sort, order) => {
    const body = await stars(`?sort=${sort}&order=${order}&limit=1000`);
    expect(body.total).toBe(run.lightcurves.length);
    expect(body.stars[0]).toMatchObject({
      is_target: true,
      star: { name: "HD 4242" },
      lightcurve_id: run.targetLightcurveId,
    });
    const values = body.stars.slice(1).map((s) => (sort === "vmag" ? s.star.vmag : s.rms_ppm?.g) ?? null);
    const known = values.filter((v): v is number => v !== null);
    const sorted = [...known].sort((a, b) => (order === "asc" ? a - b : b - a));
    expect(known).toEqual(sorted);
    // stars without the value come last
    expect(values.slice(0, known.length).every((v) => v !== null)).toBe(true);
  });

  test("pages: limit and offset cover every star once", async () => {
    const seen: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const body = await stars(`?limit=7&offset=${offset}`);
      seen.push(...body.stars.map((s) => s.lightcurve_id));
      offset = body.next_offset;
    }
    expect(seen).toHaveLength(run.lightcurves.length);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test("a 2020-style lightcurve (only `target`) lists with the target as its star", async () => {
    const r = await get(`/api/observations/${sequenceId}/runs/${ids.old}/stars`);
    expect((r.body.stars as MeasuredStarRow[])[0]).toMatchObject({
      lightcurve_id: ids.oldCurve,
      star: { id: "HAT-P-11", name: "HAT-P-11", ra: 297.71, dec: 48.08, vmag: null },
      is_target: false,
      num_points: null, // not stored, and a list never reads the points
    });
  });

  test.each([
    ["?sort=colour", 400],
    ["?order=up", 400],
    ["?limit=0", 400],
  ])("%s is a 400 naming the parameter", async (q, status) => {
    const r = await get(`/api/observations/${sequenceId}/runs/${ids.done}/stars${q}`);
    expect(r.status).toBe(status);
  });

  test("an unknown run, or a run of another observation, is a 404", async () => {
    expect((await get(`/api/observations/${sequenceId}/runs/nope-${uniqueSuffix()}/stars`)).status).toBe(404);
    expect((await get(`/api/observations/PAN001_14d3bd_20000101T000000/runs/${ids.done}/stars`)).status).toBe(
      404,
    );
  });
});

describe("one lightcurve and its downloads", () => {
  test("JSON: the star, its figures and every point, inline or from the processed bucket alike", async () => {
    const stored = run.lightcurves.find((l) => l.id === run.targetLightcurveId)!.doc;
    for (const id of [run.targetLightcurveId, ids.stored]) {
      const r = await get(`/api/lightcurves/${id}`);
      expect(r.status).toBe(200);
      const lc = r.body.lightcurve as unknown as LightcurveView & { points: Array<{ time: string }> };
      expect(lc.star).toEqual(stored.star);
      expect(lc.is_target).toBe(true);
      expect(lc.rms_ppm).toEqual(stored.rms_ppm);
      expect(lc.points).toHaveLength(stored.points!.length);
      expect(lc.points.map((p) => p.time)).toEqual(stored.points!.map((p) => p.time.toISOString()));
      expect(lc.num_points).toBe(stored.points!.length);
    }
  });

  test("an older document reads with `target` as its star", async () => {
    const r = await get(`/api/lightcurves/${ids.oldCurve}`);
    expect(r.body.lightcurve).toMatchObject({ star: { id: "HAT-P-11", name: "HAT-P-11" }, num_points: 1 });
  });

  test("CSV download: an attachment Python's csv reads, one row per point", async () => {
    const r = await get(`/api/lightcurves/${run.targetLightcurveId}.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(r.headers.get("content-disposition")).toBe(`attachment; filename="${run.targetLightcurveId}.csv"`);
    const rows = pythonCsvRows(r.text);
    const stored = run.lightcurves.find((l) => l.id === run.targetLightcurveId)!.doc.points!;
    expect(rows[0]!.slice(0, 3)).toEqual(["time", "bjd_tdb", "airmass"]);
    expect(rows).toHaveLength(stored.length + 1);
    const g = rows[0]!.indexOf("flux_g");
    expect(rows.slice(1).map((row) => Number(row[g]))).toEqual(stored.map((p) => p.flux.g));
    // the old query form still answers the same text
    expect((await get(`/api/lightcurves/${run.targetLightcurveId}?format=csv`)).text).toBe(r.text);
  });

  test.each([
    ["", "TG", "g"],
    ["?channel=r&obscode=ABC", "TR", "r"],
    ["?channel=b", "TB", "b"],
  ] as const)(
    "AAVSO download%s: #TYPE=EXOPLANET, filter %s, a row per point with BJD_TDB",
    async (q, filter, ch) => {
      const r = await get(`/api/lightcurves/${run.targetLightcurveId}.aavso.txt${q}`);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-disposition")).toBe(
        `attachment; filename="${run.targetLightcurveId}.aavso-${ch}.txt"`,
      );
      const lines = r.text.trim().split("\n");
      expect(lines[0]).toBe("#TYPE=EXOPLANET");
      expect(lines).toContain(`#FILTER=${filter}`);
      expect(lines).toContain("#OBSTYPE=DSLR");
      expect(lines).toContain("#DATE_TYPE=BJD_TDB");
      expect(lines).toContain("#EXPOSURE_TIME=120");
      if (q.includes("obscode")) expect(lines).toContain("#OBSCODE=ABC");
      const header = lines.indexOf("#DATE,DIFF,ERR,DETREND_1");
      const rows = pythonCsvRows(lines.slice(header + 1).join("\n"));
      const stored = run.lightcurves.find((l) => l.id === run.targetLightcurveId)!.doc.points!;
      const withFlux = stored.filter((p) => p.flux[ch] !== null);
      expect(rows).toHaveLength(withFlux.length);
      rows.forEach((row, k) => {
        expect(Number(row[0])).toBeCloseTo(withFlux[k]!.bjd_tdb!, 7);
        expect(Number(row[1])).toBeCloseTo(withFlux[k]!.flux[ch]!, 6);
      });
    },
  );

  test.each([
    [".aavso.txt?channel=v", 400],
    [".aavso.txt?obscode=a%20b", 400],
    ["?format=xml", 400],
    [".json", 404],
  ])("%s is a %i", async (suffix, status) => {
    const r = await get(`/api/lightcurves/${run.targetLightcurveId}${suffix}`);
    expect(r.status).toBe(status);
  });

  test("a series missing from the bucket is a 422 naming it", async () => {
    const id = `lc-missing-${uniqueSuffix()}`;
    await db
      .collection(COLLECTIONS.lightcurves)
      .doc(id)
      .set({
        sequence_id: sequenceId,
        processed_observation_id: ids.done,
        target: { name: "x", ra: 1, dec: 2 },
        created_time: new Date(),
        points: null,
        storage_path: `gs://${PROCESSED}/nothing/here.json`,
      });
    const r = await get(`/api/lightcurves/${id}.csv`);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      error: { message: expect.stringContaining("nothing/here.json is missing") },
    });
  });
});
