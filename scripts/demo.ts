// Loads the demo network into the running local stack through the real pipeline: generated PANOPTES images are
// uploaded to the raw bucket, raw-file-uploaded routes them, record-image records them. Called by `npm start`.
import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import { DEMO_SKY_SPEC, demoDataset, makePanoptesFits, realSkyFrame, specPath } from "@panoptes/demo";
import { COLLECTIONS, RECORDED_IMAGE_STATUSES, TOPICS } from "@panoptes/models";
import { ensureTopics, firebaseApp, firestoreFor } from "@panoptes/platform";

const PROJECT = process.env.GCLOUD_PROJECT ?? "demo-panoptes";
const RAW = process.env.RAW_BUCKET ?? "panoptes-raw-images";

async function main(): Promise<void> {
  if (!PROJECT.startsWith("demo-"))
    throw new Error(`the demo loads into demo- projects only, not ${PROJECT}`);
  await ensureTopics(new PubSub({ projectId: PROJECT }), Object.values(TOPICS));
  const specs = demoDataset(4);
  const bucket = new Storage({ projectId: PROJECT }).bucket(RAW);
  const started = Date.now();
  // A few at a time, single-request uploads: the Storage emulator drops connections under heavier load.
  const put = async (s: (typeof specs)[number], attempt = 1): Promise<void> => {
    try {
      await bucket.file(specPath(s)).save(makePanoptesFits(s), { resumable: false });
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
      await put(s, attempt + 1);
    }
  };
  // One at a time, paced: the Functions emulator starts a worker process per concurrent event and drops events
  // whose worker fails to start in time on a busy machine (production retries them; the emulator does not).
  for (const s of specs) {
    await put(s);
    await new Promise((r) => setTimeout(r, 100));
  }
  // A short sequence of real sky (Tycho-2 stars, 1200×800) whose pointing drifts, for solve-image to solve.
  const sky = [0, 1, 2, 3].map((i) => ({
    ...DEMO_SKY_SPEC,
    camera_id: "5c1e57",
    sequence_time: "20240320T080000",
    image_time: `20240320T08${String(i * 3).padStart(2, "0")}30`,
    field: "Cygnus demo",
  }));
  for (const [i, spec] of sky.entries()) {
    const frame = await realSkyFrame(
      "ordinary",
      { width: 1200, height: 800 },
      {
        seed: 100 + i,
        spec,
        drift: { ra: 0.02 * i, dec: -0.01 * i },
      },
    ).catch(() => null);
    if (frame) await bucket.file(specPath(spec)).save(frame.bytes, { resumable: false });
    if (frame) specs.push(spec);
  }
  console.error(
    `[demo] uploaded ${specs.length} generated images to gs://${RAW}; waiting for the pipeline...`,
  );
  const db = firestoreFor(firebaseApp(PROJECT));
  const deadline = Date.now() + 120000;
  let recorded = 0;
  while (Date.now() < deadline) {
    const snap = await db
      .collection(COLLECTIONS.images)
      .where("status", "in", [...RECORDED_IMAGE_STATUSES])
      .count()
      .get();
    recorded = snap.data().count;
    if (recorded >= specs.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const units = await db.collection(COLLECTIONS.units).get();
  const observations = await db.collection(COLLECTIONS.observations).count().get();
  console.error(
    `[demo] recorded ${recorded}/${specs.length} images in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${units.size} units (${units.docs.map((d) => d.id).join(", ")}), ${observations.data().count} observations`,
  );
  if (recorded < specs.length)
    throw new Error("not every demo image was recorded within 120 s (see the log above)");
}

main().catch((err: unknown) => {
  console.error(`[demo] ${(err as Error).message}`);
  process.exit(1);
});
