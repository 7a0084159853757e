import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import { readIndexStars } from "@panoptes/astrometry";
import {
  DEMO_SKY_SPEC,
  makeSkyFrame,
  sequenceIdFor,
  specPath,
  syntheticImage,
  syntheticObservation,
} from "@panoptes/demo";
import { COLLECTIONS, parseObjectPath, TOPICS } from "@panoptes/models";
import { finiteMedian, robustStd } from "@panoptes/photometry";
import {
  createObjectStore,
  createPublisher,
  firebaseApp,
  firestoreFor,
  toFirestoreData,
} from "@panoptes/platform";
import { queueProcessingRun, scheduleProcessing, starId } from "@panoptes/processing";
import {
  buildExplorer,
  DEBIAN_PYTHON,
  downloadText,
  hostingBaseUrl,
  launchChromium,
  pythonCsvRows,
  requireEmulators,
  type SolveImageProcess,
  startSolveImageProcess,
  TEST_PROJECT_ID,
  uniqueSuffix,
  uniqueUnitId,
  waitFor,
} from "@panoptes/testing";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireSolver } from "../../../libs/astrometry/test/support";
import { startLocalProcessObservation } from "../src/local";

// The whole chain on the emulators: a generated sequence of a real Tycho-2 field (photon and read noise, pointing
// drift, a 3% transit injected into the target) is uploaded → record-image → solve-image (push subscription →
// local server) → a run queued with queueProcessingRun → process-observation (push subscription → local server).
const RAW = "panoptes-raw-images";
const SIZE = { width: 1200, height: 800 };
const FRAMES = 24;
const DEPTH = 0.03;
// A V 9.5 Tycho-2 star of the Cygnus field with no brighter star within 0.17°: the frames are centred on it.
const TARGET = { ra: 300.83453, dec: 43.79597 };
const inTransit = (k: number) => k >= 8 && k < 16;

describe("process-observation through the emulators", () => {
  let solver: SolveImageProcess;
  let processor: Awaited<ReturnType<typeof startLocalProcessObservation>>;
  const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const publisher = () => createPublisher(new PubSub({ projectId: TEST_PROJECT_ID }));
  const store = () => createObjectStore(new Storage({ projectId: TEST_PROJECT_ID }));
  let sequenceId = "";
  let firstRun = "";
  /** the first run's target lightcurve and its G fluxes, as the pipeline stored them */
  let targetCurve: { id: string; g: number[]; times: string[]; airmass: boolean } | null = null;

  beforeAll(async () => {
    requireEmulators("functions", "storage", "pubsub", "firestore");
    requireSolver();
    const env = { ...process.env, GCLOUD_PROJECT: TEST_PROJECT_ID, SOLVE_CPU_LIMIT: "30" };
    // solve-image in a process of its own, as deployed (and as npm start runs it): it solves on the other core
    solver = await startSolveImageProcess({
      subscription: `solve-image-pt-${uniqueSuffix()}`,
      env: { GCLOUD_PROJECT: TEST_PROJECT_ID, SOLVE_CPU_LIMIT: "30" },
    });
    processor = await startLocalProcessObservation({
      env,
      subscription: `process-observation-test-${uniqueSuffix()}`,
    });
  }, 60_000);
  afterAll(async () => {
    await solver?.close();
    await processor?.close();
  });

  const run = (id: string) => db().collection(COLLECTIONS.processedObservations).doc(id).get();
  const finished = (id: string) =>
    waitFor(
      async () => {
        const d = (await run(id)).data();
        return d && (d.status === "done" || d.status === "failed") ? d : undefined;
      },
      240_000,
      `run ${id} to finish`,
    );

  it("measures an uploaded, solved sequence: the injected transit's depth and the noise floor are recovered", async () => {
    const unit_id = await uniqueUnitId();
    const camera_id = uniqueSuffix().slice(0, 6);
    const catalog = await readIndexStars("/usr/share/astrometry/index-tycho2-10.littleendian.fits", {
      ...TARGET,
      radius: 2.5,
    });
    const target = catalog.find(
      (s) => Math.abs(s.ra - TARGET.ra) < 1e-4 && Math.abs(s.dec - TARGET.dec) < 1e-4,
    )!;
    expect(target.mag).toBeCloseTo(9.47, 1);
    const start = Date.parse("2024-03-15T06:00:00Z");
    const stamp = (t: number) => new Date(t).toISOString().replace(/[-:]/g, "").slice(0, 15);
    const paths: string[] = [];
    for (let k = 0; k < FRAMES; k++) {
      const spec = {
        ...DEMO_SKY_SPEC,
        unit_id,
        camera_id,
        field: "generated transit field",
        sequence_time: stamp(start),
        image_time: stamp(start + 30_000 + k * 90_000),
      };
      const dimmed = -2.5 * Math.log10(1 - DEPTH);
      const frame = makeSkyFrame({
        ...SIZE,
        ra: TARGET.ra + 0.004 * k,
        dec: TARGET.dec - 0.002 * k,
        catalog: catalog.map((s) => (s === target && inTransit(k) ? { ...s, mag: s.mag + dimmed } : s)),
        fwhm: 6,
        sky: 300,
        fluxV10: 150_000,
        faintDensity: 10,
        seed: 100 + k,
        spec,
      });
      const p = specPath(spec);
      paths.push(p);
      await store().write(RAW, p, frame.bytes);
    }
    sequenceId = parseObjectPath(paths[0]!).sequence_id;
    const ids = paths.map((p) => parseObjectPath(p).image_id);
    await waitFor(
      async () => {
        const snap = await db().collection(COLLECTIONS.images).where("sequence_id", "==", sequenceId).get();
        const solved = snap.docs.filter((d) => d.data().solve_generation);
        return solved.length === FRAMES ? solved : undefined;
      },
      400_000,
      "every frame to be solved",
    );
    const { processed_observation_id } = await queueProcessingRun(db(), publisher(), {
      sequence_id: sequenceId,
      trigger: "request",
      requested_by: "test",
    });
    firstRun = processed_observation_id;
    const doc = await finished(processed_observation_id);
    expect(doc).toMatchObject({
      status: "done",
      reason: null,
      trigger: "request",
      num_images: FRAMES,
      attempts: 1,
    });
    expect(doc.frames_used).toEqual(ids);
    expect(doc.stars_measured).toBeGreaterThan(30);
    expect(doc.precision.length).toBeGreaterThan(0);
    expect(doc.target).toMatchObject({ star_id: starId(target.ra, target.dec), rule: "nearest-bright-star" });
    const observation = (await db().collection(COLLECTIONS.observations).doc(sequenceId).get()).data();
    expect(observation?.status).toBe("processed");

    const lc = (await db().collection(COLLECTIONS.lightcurves).doc(doc.target.lightcurve_id).get()).data()!;
    expect(lc).toMatchObject({
      is_target: true,
      sequence_id: sequenceId,
      storage_path: null,
      num_points: FRAMES,
    });
    expect(lc.target).toEqual({ name: lc.star.id, ra: lc.star.ra, dec: lc.star.dec });
    const g = (lc.points as Array<{ flux: { g: number | null } }>).map((p) => p.flux.g ?? NaN);
    const inside = g.filter((_, k) => inTransit(k));
    const outside = g.filter((_, k) => !inTransit(k));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const depth = 1 - mean(inside) / mean(outside);
    expect(Math.abs(depth - DEPTH) / DEPTH).toBeLessThan(0.1);
    const scatter = robustStd(outside.map((v) => v / finiteMedian(outside)));
    expect(scatter).toBeLessThan((1.3 * lc.expected_ppm.g) / 1e6);

    // The run's table: CSV rows per star and frame, and a FITS binary table astropy reads.
    const csv = (await store().read(doc.outputs.bucket, doc.outputs.csv)).toString();
    const rows = csv.trim().split("\n");
    expect(rows[0]).toMatch(/^star_id,name,ra,dec,vmag,is_target,image_id,time,bjd_tdb,airmass,flux_r/);
    expect(rows.length - 1).toBe(doc.num_lightcurves * FRAMES);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "run-")), "lightcurves.fits");
    fs.writeFileSync(file, await store().read(doc.outputs.bucket, doc.outputs.fits));
    const astropy = JSON.parse(
      execFileSync(DEBIAN_PYTHON, [
        "-c",
        "import sys, json; from astropy.table import Table; t = Table.read(sys.argv[1], hdu='LIGHTCURVES'); " +
          "m = t['TARGET'] == 1; print(json.dumps({'rows': len(t), 'cols': t.colnames, 'g': [float(v) for v in t['FLUX_G'][m]]}))",
        file,
      ]).toString(),
    ) as { rows: number; cols: string[]; g: number[] };
    expect(astropy.rows).toBe(rows.length - 1);
    expect(astropy.cols).toEqual(
      expect.arrayContaining(["STAR", "RA", "DEC", "BJD_TDB", "FLUX_G", "ERR_G", "FLAGS"]),
    );
    astropy.g.forEach((v, k) => expect(v).toBeCloseTo(g[k]!, 5));
    targetCurve = {
      id: doc.target.lightcurve_id,
      g,
      times: (lc.points as Array<{ time: Date | { toDate(): Date } }>).map((p) =>
        (p.time instanceof Date ? p.time : p.time.toDate()).toISOString(),
      ),
      // airmass needs the unit's site, which these generated frames' headers may not carry
      airmass: (lc.points as Array<{ airmass: number | null }>).some((p) => p.airmass !== null),
    };
  }, 900_000);

  it("shows the pipeline's lightcurve in the Data Explorer (Chromium); its CSV and AAVSO downloads parse", async () => {
    expect(targetCurve).not.toBeNull();
    const curve = targetCurve!;
    const base = await hostingBaseUrl();
    await buildExplorer();
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${base}/observations/${sequenceId}`);
      await page.getByTestId("runs").waitFor();
      await page.getByTestId("target-rule").waitFor();
      await page.goto(`${base}/lightcurves/${curve.id}`);
      const plots = page.getByTestId("lightcurve-plots");
      await plots.locator("[data-channel] .uplot").nth(2).waitFor();
      expect(
        await plots
          .locator("[data-channel]")
          .evaluateAll((els) => els.map((e) => e.getAttribute("data-channel"))),
      ).toEqual(["r", "g", "b"]);
      expect(await page.getByTestId("airmass-plot").count()).toBe(curve.airmass ? 1 : 0);
      expect(await page.getByTestId("lightcurve-meta").innerText()).toMatch(/field target/);
      const rows = pythonCsvRows((await downloadText(page, "lightcurve-csv")).text);
      const gColumn = rows[0]!.indexOf("flux_g");
      expect(gColumn).toBeGreaterThan(0);
      expect(rows.slice(1).map((r) => r[0])).toEqual(curve.times);
      rows.slice(1).forEach((r, k) => expect(Number(r[gColumn])).toBeCloseTo(curve.g[k]!, 5));
      const lines = (await downloadText(page, "lightcurve-aavso-g")).text.trim().split("\n");
      expect(lines[0]).toBe("#TYPE=EXOPLANET");
      expect(lines).toEqual(expect.arrayContaining(["#FILTER=TG", "#OBSTYPE=DSLR", "#DATE_TYPE=BJD_TDB"]));
      const data = pythonCsvRows(lines.filter((l) => !l.startsWith("#")).join("\n"));
      expect(data).toHaveLength(curve.g.filter(Number.isFinite).length);
    } finally {
      await browser.close();
    }
  }, 300_000);

  it("runs a redelivered message once, and a second request as a second run beside the first", async () => {
    const before = (await run(firstRun)).data()!;
    await Promise.all([
      publisher().publishJson(TOPICS.processObservation, {
        sequence_id: sequenceId,
        processed_observation_id: firstRun,
      }),
      publisher().publishJson(TOPICS.processObservation, {
        sequence_id: sequenceId,
        processed_observation_id: firstRun,
      }),
    ]);
    const { processed_observation_id: second } = await queueProcessingRun(db(), publisher(), {
      sequence_id: sequenceId,
      trigger: "cli",
      requested_by: "test",
    });
    const doc = await finished(second);
    expect(doc.status).toBe("done");
    const after = (await run(firstRun)).data()!;
    expect(after.attempts).toBe(1);
    expect(after.finished_time).toEqual(before.finished_time);
    const runs = await db()
      .collection(COLLECTIONS.processedObservations)
      .where("sequence_id", "==", sequenceId)
      .get();
    expect(runs.docs.map((d) => d.id).sort()).toEqual([firstRun, second].sort());
    const curves = await db()
      .collection(COLLECTIONS.lightcurves)
      .where("sequence_id", "==", sequenceId)
      .get();
    const perRun = new Map<string, number>();
    for (const d of curves.docs)
      perRun.set(d.data().processed_observation_id, (perRun.get(d.data().processed_observation_id) ?? 0) + 1);
    expect(perRun.get(firstRun)).toBe(before.num_lightcurves);
    expect(perRun.get(second)).toBe(doc.num_lightcurves);
  }, 300_000);

  /** An observation written directly: `images` image documents, none plate-solved by solve-image. */
  async function unsolvedObservation(minutesAgo: number) {
    const unit_id = await uniqueUnitId();
    const camera_id = uniqueSuffix().slice(0, 6);
    const time = new Date(Date.now() - (minutesAgo + 60) * 60_000);
    const sequence_id = sequenceIdFor(unit_id, camera_id, time);
    const obs = syntheticObservation({
      sequence_id,
      unit_id,
      camera_id,
      time,
      num_images: 2,
      status: "receiving_files",
    });
    await db()
      .collection(COLLECTIONS.observations)
      .doc(sequence_id)
      .set(toFirestoreData({ ...obs, updated_time: new Date(Date.now() - minutesAgo * 60_000) }) as object);
    for (let i = 0; i < 2; i++) {
      const image = syntheticImage(obs, i, { solved: i === 0, status: i === 0 ? "solved" : "unsolvable" });
      await db()
        .collection(COLLECTIONS.images)
        .doc(image.image_id)
        .set(toFirestoreData(image) as object);
    }
    return sequence_id;
  }

  it("fails a run of an observation without a plate-solved frame, with the reason, and acknowledges it", async () => {
    const sequence_id = await unsolvedObservation(0);
    const { processed_observation_id } = await queueProcessingRun(db(), publisher(), {
      sequence_id,
      trigger: "request",
      requested_by: "test",
    });
    const doc = await finished(processed_observation_id);
    expect(doc.status).toBe("failed");
    expect(doc.reason).toMatch(/no plate-solved frame/);
    expect(doc.attempts).toBe(1);
    const observation = (await db().collection(COLLECTIONS.observations).doc(sequence_id).get()).data();
    expect(observation?.status).toBe("error");
  }, 120_000);

  it("queues one run per finished observation however often the schedule ticks", async () => {
    const quiet = await unsolvedObservation(45);
    const busy = await unsolvedObservation(5);
    const tick = async () =>
      scheduleProcessing(db(), publisher(), { now: new Date(), quietMinutes: 30, republishMinutes: 10 });
    const [first, second] = [await tick(), await tick()];
    expect(first.queued.filter((q) => q.sequence_id === quiet)).toHaveLength(1);
    expect(first.queued.some((q) => q.sequence_id === busy)).toBe(false);
    expect(second.queued.some((q) => q.sequence_id === quiet)).toBe(false);
    const runs = await db()
      .collection(COLLECTIONS.processedObservations)
      .where("sequence_id", "==", quiet)
      .get();
    expect(runs.docs.map((d) => d.data())).toEqual([
      expect.objectContaining({ trigger: "schedule", num_images: 2 }),
    ]);
  }, 60_000);
});
