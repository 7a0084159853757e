import { demoDataset, type ImageSpec } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { deadLetterId } from "@panoptes/platform";
import {
  ownFirestore,
  type OwnFirestore,
  requireEmulators,
  runRecordImageInstance,
  startTcpProxy,
  storageAt,
  type TcpProxy,
  TEST_PROJECT_ID,
  uniqueSuffix,
  uniqueUnitId,
  waitFor,
} from "@panoptes/testing";
import { handleRecordImage } from "../src/handler";
import { emulatorDeps, uploadSpec } from "./support";

// Firestore goes away in the middle of a run and comes back: the deployed record-image bundle (one instance,
// scripts/dev/record-image-instance.mjs, redelivering what throws as Pub/Sub would) must end with every image
// recorded and every counter exact. The outage is real: this test's own Firestore emulator is cut off behind a
// proxy, its data exported, the process killed, and a new one started with that data.
describe("record-image through outages", () => {
  let firestore: OwnFirestore;
  let proxy: TcpProxy;
  beforeAll(async () => {
    requireEmulators("firestore", "storage", "pubsub");
    firestore = await ownFirestore(TEST_PROJECT_ID);
    await firestore.start();
    proxy = await startTcpProxy(firestore.port);
  }, 60000);
  afterAll(async () => {
    await proxy?.close();
    firestore?.dispose();
  });

  it("records every image with exact counters when Firestore is stopped and restarted mid-run", async () => {
    const base = demoDataset(1)[0]!;
    const unit_id = await uniqueUnitId();
    const cameras = [uniqueSuffix().slice(0, 6), uniqueSuffix().slice(0, 6)];
    const specs: ImageSpec[] = Array.from({ length: 240 }, (_, i) => ({
      ...base,
      unit_id,
      camera_id: cameras[i % 2]!,
      sequence_time: "20240501T040000",
      image_time: `20240501T04${String(Math.floor(i / 60) + 1).padStart(2, "0")}${String(i % 60).padStart(2, "0")}`,
      exptime: 30,
    }));
    const messages = [];
    for (let i = 0; i < specs.length; i += 20)
      messages.push(
        ...(await Promise.all(specs.slice(i, i + 20).map((s) => uploadSpec(s, "record-image-fault")))),
      );
    const run = runRecordImageInstance(messages, {
      FIRESTORE_EMULATOR_HOST: `127.0.0.1:${proxy.port}`,
      INSTANCE_CONCURRENCY: "8",
      INSTANCE_MAX_ATTEMPTS: "60",
      INSTANCE_BACKOFF_MS: "100",
    });

    // Once some images are in, Firestore goes away: connections drop, the data is kept, the process is
    // killed, and a new one starts with the data a moment later.
    const before = await waitFor(
      async () => {
        const n = Number((await firestore.get(`${COLLECTIONS.units}/${unit_id}`))?.num_images ?? 0);
        return n >= 40 ? n : undefined;
      },
      60000,
      "40 images recorded before the outage",
    );
    proxy.cut();
    await new Promise((r) => setTimeout(r, 300));
    await firestore.stop();
    await new Promise((r) => setTimeout(r, 1000));
    await firestore.start();
    proxy.restore();

    const result = await run;

    const images = await firestore.list(COLLECTIONS.images);
    const mine = [...images.entries()].filter(([id]) => id.startsWith(`${unit_id}_`));
    expect(mine).toHaveLength(specs.length);
    expect(mine.filter(([, d]) => d.status !== "recorded")).toEqual([]);
    expect(await firestore.get(`${COLLECTIONS.units}/${unit_id}`)).toMatchObject({
      num_images: 240,
      num_observations: 2,
      total_minutes_exptime: 120,
    });
    for (const camera of cameras)
      expect(
        await firestore.get(`${COLLECTIONS.observations}/${unit_id}_${camera}_20240501T040000`),
      ).toMatchObject({ num_images: 120, total_minutes_exptime: 60 });
    // The outage hit a run in progress: open connections were dropped while most images were still to be
    // recorded. (The Firestore client waits for its connection to come back, so a short outage shows as slow
    // calls rather than errors; longer ones throw, and redelivery covers them.)
    expect(before).toBeLessThan(specs.length / 2);
    expect(proxy.stats.dropped).toBeGreaterThan(0);
    expect(result.images).toBe(specs.length);
  }, 240000);

  it("throws on a Storage outage (so Pub/Sub retries), marks and dead-letters nothing, and records on redelivery", async () => {
    const storagePort = Number(new URL(process.env.STORAGE_EMULATOR_HOST!).port);
    const storageProxy = await startTcpProxy(storagePort);
    try {
      const base = demoDataset(1)[0]!;
      const spec = { ...base, unit_id: await uniqueUnitId(), camera_id: uniqueSuffix().slice(0, 6) };
      const message = await uploadSpec(spec, "record-image-fault");
      // This instance reads Storage through the proxy; Firestore and Pub/Sub are the suite's.
      const deps = emulatorDeps([], storageAt(storageProxy.port));
      storageProxy.cut();
      await expect(handleRecordImage(message, deps)).rejects.toMatchObject({
        kind: "transient",
        code: "storage-unavailable",
      });
      const image = await deps.db.collection(COLLECTIONS.images).doc(message.image_id).get();
      expect(image.exists).toBe(false);
      const letter = await deps.db
        .collection(COLLECTIONS.deadLetters)
        .doc(deadLetterId("record-image", `${message.bucket}/${message.bucket_path}#${message.generation}`))
        .get();
      expect(letter.exists).toBe(false);
      // Storage is back; Pub/Sub delivers the message again.
      storageProxy.restore();
      expect(await handleRecordImage(message, deps)).toEqual({ status: "recorded", outcome: "created" });
    } finally {
      await storageProxy.close();
    }
  });
});
