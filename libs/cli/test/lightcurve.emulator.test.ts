import { runCaptured } from "@panoptes/cli";
import { sequenceIdFor, syntheticObservation } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor, toFirestoreData } from "@panoptes/platform";
import { formatDec, formatRa } from "@panoptes/lookup";
import {
  processedRunFixture,
  pythonCsvRows,
  type ProcessedRunFixture,
  requireEmulators,
  TEST_PROJECT_ID,
  uniqueSuffix,
  uniqueUnitId,
  writeProcessedRun,
} from "@panoptes/testing";
import type { Firestore } from "firebase-admin/firestore";

let db: Firestore;
let sequenceId = "";
let run: ProcessedRunFixture;
let older: ProcessedRunFixture;
const env = () => ({ ...process.env });
const cli = (...args: string[]) => runCaptured(["lightcurve", ...args], env());

async function observation(unit: string, start: Date): Promise<string> {
  const camera = uniqueSuffix().slice(0, 6);
  const id = sequenceIdFor(unit, camera, start);
  const obs = syntheticObservation({ sequence_id: id, unit_id: unit, camera_id: camera, time: start });
  await db
    .collection(COLLECTIONS.observations)
    .doc(id)
    .set(toFirestoreData(obs) as object);
  return id;
}

beforeAll(async () => {
  requireEmulators("firestore");
  db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const unit = await uniqueUnitId();
  sequenceId = await observation(unit, new Date("2019-07-02T03:00:00Z"));
  const s = uniqueSuffix();
  // two runs by real photometry: an older one (another seed) and the newest done one; a newer failed run
  older = processedRunFixture({
    sequenceId,
    runId: `cli-old-${s}`,
    frames: 20,
    seed: 3,
    created: new Date("2026-11-01"),
  });
  run = processedRunFixture({
    sequenceId,
    runId: `cli-new-${s}`,
    frames: 20,
    seed: 5,
    created: new Date("2026-11-02"),
  });
  await writeProcessedRun(db, older);
  await writeProcessedRun(db, run);
  await db
    .collection(COLLECTIONS.processedObservations)
    .doc(`cli-failed-${s}`)
    .set({
      ...run.processed,
      status: "failed",
      reason: "no solved frames",
      created_time: new Date("2026-11-03"),
    });
}, 120_000);

const targetDoc = (f: ProcessedRunFixture) => f.lightcurves.find((l) => l.id === f.targetLightcurveId)!.doc;

describe("panoptes lightcurve", () => {
  test("default: the field target of the newest done run, in exactly the documented JSON", async () => {
    const r = await cli(sequenceId);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const doc = targetDoc(run);
    expect(Object.keys(json)).toEqual([
      "sequence_id",
      "processed_observation_id",
      "star",
      "rms_ppm",
      "points",
    ]);
    expect(json.sequence_id).toBe(sequenceId);
    expect(json.processed_observation_id).toBe(run.processedObservationId);
    expect(json.star).toEqual({
      id: doc.star!.id,
      name: "HD 4242",
      ra: doc.star!.ra,
      dec: doc.star!.dec,
      vmag: doc.star!.vmag,
    });
    expect(json.rms_ppm).toEqual(doc.rms_ppm);
    expect(json.points).toHaveLength(doc.points!.length);
    expect(json.points[0]).toEqual({
      time: doc.points![0]!.time.toISOString(),
      bjd_tdb: doc.points![0]!.bjd_tdb,
      airmass: doc.points![0]!.airmass,
      flux: doc.points![0]!.flux,
      flux_err: doc.points![0]!.flux_err,
      flags: doc.points![0]!.flags,
    });
  });

  test("--run picks an older run", async () => {
    const r = await cli(sequenceId, "--run", older.processedObservationId);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).processed_observation_id).toBe(older.processedObservationId);
    expect(JSON.parse(r.out).rms_ppm).toEqual(targetDoc(older).rms_ppm);
  });

  test("--star by a measured star's catalogue id, and by coordinates resolved through libs/lookup", async () => {
    const other = run.lightcurves.find((l) => !l.doc.is_target && l.doc.star!.vmag! > 8)!.doc.star!;
    const byId = await cli(sequenceId, "--star", other.id);
    expect(JSON.parse(byId.out).star.id).toBe(other.id);
    // decimal "RA,DEC" a little off the star, and sexagesimal text: both land on the nearest measured star
    const byDecimal = await cli(
      sequenceId,
      "--star",
      `${other.ra + 0.002},${other.dec - 0.002}`,
      "--offline",
    );
    expect(byDecimal.code).toBe(0);
    expect(JSON.parse(byDecimal.out).star.id).toBe(other.id);
    const bySexagesimal = await cli(
      sequenceId,
      "--star",
      `${formatRa(other.ra)} ${formatDec(other.dec)}`,
      "--offline",
    );
    expect(JSON.parse(bySexagesimal.out).star.id).toBe(other.id);
  });

  test("--format csv: Python's csv reads a row per point", async () => {
    const r = await cli(sequenceId, "--format", "csv");
    expect(r.code).toBe(0);
    const rows = pythonCsvRows(r.out);
    expect(rows[0]).toEqual(
      expect.arrayContaining(["time", "bjd_tdb", "airmass", "flux_g", "flux_err_g", "flags"]),
    );
    expect(rows).toHaveLength(targetDoc(run).points!.length + 1);
  });

  test("--format aavso: an AAVSO exoplanet report in TG (or --channel)", async () => {
    const r = await cli(sequenceId, "--format", "aavso", "--channel", "b", "--obscode", "PAN1");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("#TYPE=EXOPLANET");
    expect(lines).toEqual(
      expect.arrayContaining(["#FILTER=TB", "#OBSCODE=PAN1", "#OBSTYPE=DSLR", "#DATE_TYPE=BJD_TDB"]),
    );
    const data = lines.slice(lines.indexOf("#DATE,DIFF,ERR,DETREND_1") + 1);
    expect(data.length).toBe(targetDoc(run).points!.filter((p) => p.flux.b !== null).length);
  });

  test.each([
    [
      "a star far from every measured one",
      ["--star", "10.0,-60.0", "--offline"],
      /no star measured by run .* within 3′/,
    ],
    ["a failed run", ["--run", "cli-failed-"], /run cli-failed-\w+ failed: no solved frames/],
    ["an unknown run", ["--run", "nope"], /has no processing run nope/],
  ])("exits 1 with a clear message for %s", async (_what, args, message) => {
    const fixed = args.map((a) =>
      a === "cli-failed-" ? `cli-failed-${run.processedObservationId.split("-").at(-1)}` : a,
    );
    const r = await cli(sequenceId, ...fixed);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
  });

  test("an observation without runs, or only a failed one, says so", async () => {
    const unit = await uniqueUnitId();
    const none = await observation(unit, new Date("2020-01-01T00:00:00Z"));
    const r = await cli(none);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `observation ${none} has not been processed yet (start a run: panoptes process ${none})`,
    );
    await db
      .collection(COLLECTIONS.processedObservations)
      .doc(`only-failed-${uniqueSuffix()}`)
      .set({ ...run.processed, sequence_id: none, status: "failed", reason: "no solved frames" });
    const failed = await cli(none);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/has no finished run: run only-failed-\w+ failed: no solved frames/);
    const unknown = await cli("PAN001_14d3bd_20000101T000000");
    expect(unknown.err).toContain("no observation PAN001_14d3bd_20000101T000000");
  });

  test("usage errors exit 2", async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli(sequenceId, "--format", "xml")).code).toBe(2);
    expect((await cli(sequenceId, "--channel", "v")).code).toBe(2);
  });
});
