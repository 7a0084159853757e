import { Storage } from "@google-cloud/storage";
import { demoDataset, type ImageSpec, makePanoptesFits, specPath } from "@panoptes/demo";
import { createImageRecorder, messageFor, readRecordItem, runBackfill } from "@panoptes/ingest";
import { COLLECTIONS, parseObjectPath } from "@panoptes/models";
import { createObjectStore, firebaseApp, firestoreFor } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId } from "@panoptes/testing";

const BUCKET = "backfill-tests";

describe("backfill on the emulators", () => {
  beforeAll(() => requireEmulators("firestore", "storage"));
  const store = () => createObjectStore(new Storage({ projectId: TEST_PROJECT_ID }));
  const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));

  /** 2 units × 2 cameras × 2 sequences × n images, uploaded under a fresh prefix. */
  async function seed(n: number): Promise<{ prefix: string; specs: ImageSpec[] }> {
    const prefix = await uniqueUnitId();
    const other = await uniqueUnitId();
    const base = demoDataset(n).filter((s) => s.unit_id === "PAN001" || s.unit_id === "PAN012");
    const cams = new Map<string, string>();
    const specs = base.map((s) => {
      if (!cams.has(s.camera_id)) cams.set(s.camera_id, uniqueSuffix().slice(0, 6));
      return { ...s, unit_id: s.unit_id === "PAN001" ? prefix : other, camera_id: cams.get(s.camera_id)! };
    });
    for (let i = 0; i < specs.length; i += 20) {
      await Promise.all(
        specs.slice(i, i + 20).map((s) => store().write(BUCKET, specPath(s), makePanoptesFits(s))),
      );
    }
    return { prefix, specs };
  }

  async function counters(unitId: string) {
    return (await db().collection(COLLECTIONS.units).doc(unitId).get()).data();
  }

  it("records every image with exact counters, and a re-run changes nothing", async () => {
    const { specs } = await seed(5);
    const units = [...new Set(specs.map((s) => s.unit_id))];
    // Two prefixes (one per unit) cover all of them.
    const progress = [];
    for (const u of units)
      progress.push(
        await runBackfill({ db: db(), store: store(), bucket: BUCKET, prefix: `${u}/`, batchSize: 7 }),
      );
    expect(progress.reduce((a, p) => a + p.recorded, 0)).toBe(specs.length);
    for (const u of units) {
      const mine = specs.filter((s) => s.unit_id === u);
      expect(await counters(u)).toMatchObject({
        num_images: mine.length,
        num_observations: new Set(mine.map((s) => `${s.camera_id}${s.sequence_time}`)).size,
        total_minutes_exptime: mine.length * 2,
      });
    }
    const again = await runBackfill({ db: db(), store: store(), bucket: BUCKET, prefix: `${units[0]}/` });
    expect(again).toMatchObject({ recorded: 0, skipped: specs.filter((s) => s.unit_id === units[0]).length });
    expect((await counters(units[0]!))!.num_images).toBe(specs.filter((s) => s.unit_id === units[0]).length);
  }, 60000);

  it("does not count twice what the live path already recorded", async () => {
    const { prefix, specs } = await seed(3);
    const mine = specs.filter((s) => s.unit_id === prefix);
    for (const s of mine.slice(0, 4)) {
      const path = parseObjectPath(specPath(s));
      const info = (await store().stat(BUCKET, specPath(s)))!;
      // As record-image records it.
      const { item } = await readRecordItem(store(), messageFor(info, path), path);
      await createImageRecorder(db()).record(item);
    }
    const r = await runBackfill({ db: db(), store: store(), bucket: BUCKET, prefix: `${prefix}/` });
    expect(r).toMatchObject({ recorded: mine.length - 4, skipped: 4 });
    expect(await counters(prefix)).toMatchObject({
      num_images: mine.length,
      total_minutes_exptime: mine.length * 2,
    });
    const obs = (
      await db()
        .collection(COLLECTIONS.observations)
        .doc(`${prefix}_${mine[0]!.camera_id}_${mine[0]!.sequence_time}`)
        .get()
    ).data();
    expect(obs).toMatchObject({ num_images: 3, counted_on_unit: true });
  }, 60000);

  it("reports corrupt files and ignores what is not a FITS upload", async () => {
    const unit = await uniqueUnitId();
    const cam = uniqueSuffix().slice(0, 6);
    await store().write(
      BUCKET,
      `${unit}/${cam}/20240101T000000/20240101T000100.fits`,
      Buffer.from("not fits".repeat(500)),
    );
    await store().write(BUCKET, `${unit}/${cam}/20240101T000000/20240101T000100.jpg`, Buffer.from("jpeg"));
    await store().write(BUCKET, `${unit}/stray-file.txt`, Buffer.from("x"));
    const r = await runBackfill({ db: db(), store: store(), bucket: BUCKET, prefix: `${unit}/` });
    expect(r).toMatchObject({ listed: 3, recorded: 0, failed: 1, ignored: 2 });
    expect(r.failures[0]).toMatchObject({ code: expect.stringMatching(/^fits-/) });
    expect(await counters(unit)).toBeUndefined();
  });
});
