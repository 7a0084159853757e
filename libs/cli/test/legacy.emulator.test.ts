import { Storage } from "@google-cloud/storage";
import { main, progressBar, runCaptured } from "@panoptes/cli";
import { type LegacyFixture, legacyDocuments } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor, toFirestoreData } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId } from "@panoptes/testing";
import { Timestamp } from "firebase-admin/firestore";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));

/** Writes the fixture set with firebase-admin, as the 2020 services did (Dates as timestamps, GeoPoints). */
async function writeFixture(f: LegacyFixture): Promise<void> {
  const writes: Promise<unknown>[] = [];
  for (const [collection, docs] of [
    [COLLECTIONS.units, f.units],
    [COLLECTIONS.observations, f.observations],
    [COLLECTIONS.images, f.images],
  ] as const) {
    for (const [id, doc] of Object.entries(docs))
      writes.push(
        db()
          .collection(collection)
          .doc(id)
          .set(toFirestoreData(doc) as object),
      );
  }
  await Promise.all(writes);
}

/** Rows of a CSV file as Python's csv module and astropy's Table read them: {sequence_id: {column: text}}. */
function parseWithPython(file: string, ids: string[]): Record<string, Record<string, string>> {
  const script = `
import csv, json, sys
from astropy.table import Table
ids = set(sys.argv[2:])
with open(sys.argv[1], newline="") as f:
    rows = {r["sequence_id"]: r for r in csv.DictReader(f) if r["sequence_id"] in ids}
t = Table.read(sys.argv[1], format="ascii.csv")
mine = [r for r in t if r["sequence_id"] in ids]
assert len(mine) == len(rows), (len(mine), len(rows))
for r in mine:
    assert str(r["unit_id"]) == rows[r["sequence_id"]]["unit_id"]
print(json.dumps({"rows": rows, "columns": t.colnames, "astropy_rows": len(mine)}))
`;
  const res = spawnSync("/usr/bin/python3", ["-c", script, file, ...ids], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`Debian python3-astropy could not read the export: ${res.stderr}`);
  const parsed = JSON.parse(res.stdout) as {
    rows: Record<string, Record<string, string>>;
    columns: string[];
  };
  expect(parsed.columns.slice(0, 4)).toEqual(["sequence_id", "unit_id", "camera_id", "time"]);
  return parsed.rows;
}

describe("the CLI on documents shaped as the 2020 network wrote them", () => {
  let f: LegacyFixture;
  beforeAll(async () => {
    requireEmulators("firestore", "storage");
    f = legacyDocuments(await uniqueUnitId());
    await writeFixture(f);
  });

  it("show prints a 2020 unit (no id field, GeoPoint, counters as strings) and observations", async () => {
    const unit = await runCaptured(["show", "unit", f.unitId, "--json"]);
    expect(unit.code).toBe(0);
    expect(JSON.parse(unit.out)).toMatchObject({
      unit_id: f.unitId,
      location: { latitude: 19.54, longitude: -155.58 },
      elevation: 3400,
      num_images: 7,
      total_minutes_exptime: 14,
    });
    const [seed, cf2020, older] = Object.keys(f.observations);
    const obs = await runCaptured(["show", "observation", cf2020!]);
    expect(obs.code).toBe(0);
    expect(obs.out).toMatch(new RegExp(`^unit_id\\s+${f.unitId}$`, "m"));
    expect(obs.out).toMatch(/^time\s+2020-03-18T05:15:00Z$/m);
    expect(obs.out).toMatch(/^field_name\s+KIC 8462852$/m);
    expect(obs.out).toMatch(/^exptime\s+120$/m);
    expect(JSON.parse((await runCaptured(["show", "observation", seed!, "--json"])).out)).toMatchObject({
      status: "receiving_files",
      num_images: 3,
      time: "2020-03-17T06:00:00.000Z",
    });
    expect(JSON.parse((await runCaptured(["show", "observation", older!, "--json"])).out)).toMatchObject({
      status: "receiving_files",
      time: "2020-03-19T04:00:00.000Z",
    });
    const image = await runCaptured(["show", "image", Object.keys(f.images)[1]!, "--json"]);
    expect(JSON.parse(image.out)).toMatchObject({
      time: "2020-03-18T05:17:30.000Z",
      airmass: 1.2,
      camtemp: 13,
    });
  });

  it("show names a document it cannot read instead of crashing", async () => {
    const r = await runCaptured(["show", "observation", f.unreadableObservation]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`observation ${f.unreadableObservation} cannot be read`);
    expect(r.err).toMatch(/time|exptime/);
  });

  it("export writes every observation in the 2020 table's fields, readable by Python's csv and astropy", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "panoptes-export-"));
    const file = path.join(dir, "observations.csv");
    const r = await runCaptured(["export", "observations", "--format", "csv", "--out", file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`skipped observation ${f.unreadableObservation}`);
    const readable = Object.keys(f.observations).filter((id) => id !== f.unreadableObservation);
    const rows = parseWithPython(file, Object.keys(f.observations));
    expect(Object.keys(rows).sort()).toEqual([...readable].sort());
    const [seed, cf2020] = readable;
    expect(rows[seed!]).toMatchObject({
      unit_id: f.unitId,
      time: "2020-03-17T06:00:00.000Z",
      field_name: "Wasp 35",
      ra: "77.3563",
      status: "receiving_files",
      num_images: "3",
      camera_filter: "",
    });
    expect(rows[cf2020!]).toMatchObject({ unit_id: f.unitId, exptime: "120", project: "Project PANOPTES" });
    const json = await runCaptured(["export", "observations", "--format", "json"]);
    const list = JSON.parse(json.out) as { sequence_id: string; num_images: number | null }[];
    expect(list.find((o) => o.sequence_id === seed)).toMatchObject({ num_images: 3 });
  });

  it("export --publish writes observations.csv and observations.json to the public bucket", async () => {
    const bucket = `panoptes-public-${uniqueSuffix()}`;
    const r = await runCaptured(["export", "observations", "--publish", "--bucket", bucket, "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { observations: number; skipped: { id: string }[] };
    expect(report.skipped.map((s) => s.id)).toContain(f.unreadableObservation);
    const storage = new Storage({ projectId: TEST_PROJECT_ID });
    const [csv] = await storage.bucket(bucket).file("observations.csv").download();
    const [json] = await storage.bucket(bucket).file("observations.json").download();
    const rows = JSON.parse(json.toString()) as unknown[];
    expect(rows).toHaveLength(report.observations);
    expect(csv.toString().trimEnd().split("\r\n")).toHaveLength(report.observations + 1);
  });

  it("migrate: --dry-run reports, migrate rewrites, a second migrate changes nothing", async () => {
    const [seed, cf2020, older] = Object.keys(f.observations);
    const before = (await db().collection(COLLECTIONS.observations).doc(older!).get()).data();
    const dry = await runCaptured(["migrate", "--dry-run", "--prefix", f.unitId, "--json"]);
    expect(dry.code).toBe(0);
    const planned = JSON.parse(dry.out) as {
      dry_run: boolean;
      changed: number;
      collections: { collection: string; changed: number; rewrites: Record<string, number> }[];
    };
    expect(planned.dry_run).toBe(true);
    const observations = planned.collections.find((c) => c.collection === "observations")!;
    // seed (string counters), cf2020 (names, unit id, strings), older (word, time string); not the unreadable one's
    // impossible values (its status is current; only its search key is missing, and it has no field name)
    expect(observations.changed).toBe(3);
    expect(observations.rewrites).toMatchObject({
      "status: receiving → receiving_files": 1,
      "num_images: string → number": 1,
      "start_time: removed (renamed)": 1,
      "unit_id: number → string": 1,
    });
    expect(planned.collections.find((c) => c.collection === "units")!.changed).toBe(1);
    expect((await db().collection(COLLECTIONS.observations).doc(older!).get()).data()).toEqual(before);

    const run = JSON.parse(
      (await runCaptured(["migrate", "--prefix", f.unitId, "--batch-size", "2", "--json"])).out,
    );
    expect(run.changed).toBe(planned.changed);
    const get = async (id: string) => (await db().collection(COLLECTIONS.observations).doc(id).get()).data()!;
    expect(await get(older!)).toMatchObject({ status: "receiving_files", time: expect.any(Timestamp) });
    const migrated = await get(cf2020!);
    expect(migrated).toMatchObject({ unit_id: f.unitId, exptime: 120, iso: 100, field_name: "KIC 8462852" });
    expect(migrated.start_time).toBeUndefined();
    expect((migrated.time as Timestamp).toDate().toISOString()).toBe("2020-03-18T05:15:00.000Z");
    expect(await get(seed!)).toMatchObject({
      num_images: 3,
      total_minutes_exptime: 6,
      field_name_key: "wasp35",
    });
    expect((await get(seed!)).sky_cells.length).toBeGreaterThan(0);
    const unit = (await db().collection(COLLECTIONS.units).doc(f.unitId).get()).data();
    expect(unit).toMatchObject({ num_images: 7, total_minutes_exptime: 14, elevation: 3400 });

    const again = JSON.parse((await runCaptured(["migrate", "--prefix", f.unitId, "--json"])).out);
    expect(again.changed).toBe(0);
  });

  it("draws a progress bar per collection when stderr is a terminal", async () => {
    const bars: string[] = [];
    const out: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: () => {},
      env: { ...process.env },
      progress: (l: string) => bars.push(l),
    };
    expect(await main(["migrate", "--dry-run", "--prefix", f.unitId], io)).toBe(0);
    expect(bars).toContain(`units${" ".repeat(17)} [${"#".repeat(30)}] 1/1`);
    expect(bars.some((b) => /^observations\s+\[#{30}\] 4\/4$/.test(b))).toBe(true);
    expect(bars[bars.length - 1]).toBe("");
    expect(progressBar("x", 1, 4, 8)).toBe("x [##......] 1/4");
  });

  it("draws no progress bar when stderr is not a terminal", async () => {
    const r = await runCaptured(["migrate", "--dry-run", "--prefix", f.unitId]);
    expect(r.err).not.toMatch(/\[#*\.*\]/);
    expect(r.out).toMatch(/^dry run: nothing written/);
  });
});
