// npm run bench:ingest — the ingest pipeline against the local emulators, in one run:
//  * live path: images/s through the deployed record-image bundle, run as 1 and as 2 instances (child processes,
//    scripts/dev/record-image-instance.mjs) fed Pub/Sub events 80 at once (the manifest's concurrency); transactions
//    (and attempts) per image; peak RSS of an instance
//  * backfill: images/s through panoptes backfill
//  * latency from upload to record through the whole chain (Storage → raw-file-uploaded → Pub/Sub → record-image)
// Runs inside `emulators.mjs exec` (the npm script starts the emulators and builds the bundles).
// Sizes: BENCH_LIVE, BENCH_BACKFILL, BENCH_CHAIN; BENCH_CONCURRENCY (per instance, default 80).
import { Storage } from "@google-cloud/storage";
import { demoDataset, type ImageSpec, makePanoptesFits, specPath } from "@panoptes/demo";
import { messageFor, runBackfill } from "@panoptes/ingest";
import { COLLECTIONS, type ObjectMessage, parseObjectPath } from "@panoptes/models";
import { createObjectStore, firebaseApp, firestoreFor } from "@panoptes/platform";
import { type InstanceResult, runRecordImageInstance } from "@panoptes/testing";

const PROJECT = process.env.GCLOUD_PROJECT ?? "demo-panoptes";
const LIVE = Number(process.env.BENCH_LIVE ?? 600);
const BACKFILL = Number(process.env.BENCH_BACKFILL ?? 6000);
const CHAIN = Number(process.env.BENCH_CHAIN ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 80);
const BUCKET = "bench-ingest";
const run = Date.now().toString(36).slice(-4);

/**
 * `n` images as the network makes them: 20 units with 2 cameras each, every camera taking sequences of 100
 * images (one a minute), all cameras at once, so consecutive images come from different units and cameras.
 * Ids are unique to this run.
 */
function specs(n: number, tag: string): ImageSpec[] {
  const base = demoDataset(1)[0]!;
  const ts = (d: Date) =>
    d
      .toISOString()
      .replace(/\.\d{3}Z$/, "")
      .replace(/[-:]/g, "");
  return Array.from({ length: n }, (_, i) => {
    const unit = 900 + (i % 20);
    const cam = Math.floor(i / 20) % 2;
    const frame = Math.floor(i / 40) % 100;
    const seq = Math.floor(i / 4000);
    const camera = `${tag}${run}${cam}`
      .slice(-6)
      .padStart(6, "0")
      .replace(/[^0-9a-f]/g, "a");
    const start = Date.UTC(2025, 0, 1 + seq, 3);
    return {
      ...base,
      unit_id: `PAN${unit}`,
      camera_id: camera,
      sequence_time: ts(new Date(start)),
      image_time: ts(new Date(start + (frame + 1) * 60000)),
    };
  });
}

async function uploadAll(list: ImageSpec[], bucket: string, concurrency = 8): Promise<void> {
  const b = new Storage({ projectId: PROJECT }).bucket(bucket);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < list.length) {
        const s = list[next++]!;
        await b.file(specPath(s)).save(makePanoptesFits(s), { resumable: false });
      }
    }),
  );
}

/** Runs `instances` record-image instances over `messages` (dealt round-robin, as Pub/Sub spreads them). */
async function runInstances(messages: ObjectMessage[], instances: number): Promise<InstanceResult> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: instances }, (_, k) =>
      runRecordImageInstance(
        messages.filter((_, i) => i % instances === k),
        { INSTANCE_CONCURRENCY: String(CONCURRENCY) },
      ),
    ),
  );
  const sum = (f: (r: InstanceResult) => number) => results.reduce((a, r) => a + f(r), 0);
  return {
    seconds: (performance.now() - started) / 1000,
    images: sum((r) => r.images),
    transactions: sum((r) => r.transactions),
    attempts: sum((r) => r.attempts),
    reads: sum((r) => r.reads),
    writes: sum((r) => r.writes),
    redeliveries: sum((r) => r.redeliveries),
    peakRss: Math.max(...results.map((r) => r.peakRss)),
  };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const db = firestoreFor(firebaseApp(PROJECT));
  const store = createObjectStore(new Storage({ projectId: PROJECT }));
  console.log(
    `Ingest benchmark (emulators, Node ${process.version}); live ${LIVE}, backfill ${BACKFILL}, chain ${CHAIN} images\n`,
  );

  // Whole chain latency: one cold upload (workers start), then uploads paced at 2 per second — six times the
  // whole network's rate (about 40 cameras, one image each every 2 minutes). Each is timed from the start of its
  // upload until its image document is recorded.
  const chain = specs(CHAIN + 1, "c");
  const raw = new Storage({ projectId: PROJECT }).bucket("panoptes-raw-images");
  const recordedAfter = async (s: ImageSpec, at: number): Promise<number | null> => {
    const id = `${s.unit_id}_${s.camera_id}_${s.image_time}`;
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      const d = (await db.collection(COLLECTIONS.images).doc(id).get()).data();
      if (d?.status === "recorded") return Date.now() - at;
      await new Promise((res) => setTimeout(res, 20));
    }
    return null;
  };
  const coldAt = Date.now();
  await raw.file(specPath(chain[0]!)).save(makePanoptesFits(chain[0]!), { resumable: false });
  const cold = await recordedAfter(chain[0]!, coldAt);
  const pending: Array<Promise<number | null>> = [];
  for (const s of chain.slice(1)) {
    const at = Date.now();
    await raw.file(specPath(s)).save(makePanoptesFits(s), { resumable: false });
    pending.push(recordedAfter(s, at));
    await new Promise((res) => setTimeout(res, 500));
  }
  const latencies = (await Promise.all(pending)).filter((x): x is number => x !== null);

  // Live path: the same number of fresh images through 1 instance, then through 2.
  const live: InstanceResult[] = [];
  for (const instances of [1, 2]) {
    const list = specs(LIVE, instances === 1 ? "a" : "d");
    await uploadAll(list, BUCKET);
    const messages = await Promise.all(
      list.map(async (s) => {
        const path = parseObjectPath(specPath(s));
        return messageFor((await store.stat(BUCKET, path.bucket_path))!, path);
      }),
    );
    live.push(await runInstances(messages, instances));
  }

  // Backfill.
  const back = specs(BACKFILL, "b");
  await uploadAll(back, BUCKET);
  const t1 = performance.now();
  // A backfill of the bucket: this run's images plus the live path's (already recorded: read, then skipped).
  // The rate after the first page is reported too: the first page pays for this process's cold code paths
  // and connections, which a real backfill (hundreds of thousands of objects) amortises.
  let firstPage = null as { at: number; done: number } | null;
  const r = await runBackfill({
    db,
    store,
    bucket: BUCKET,
    prefix: "",
    onProgress: (p) => (firstPage ??= { at: performance.now(), done: p.recorded + p.skipped }),
  });
  const t2 = performance.now();
  const backRate = (r.recorded + r.skipped) / ((t2 - t1) / 1000);
  const steadyRate = firstPage
    ? (r.recorded + r.skipped - firstPage.done) / ((t2 - firstPage.at) / 1000)
    : Number.NaN;

  const row = (a: string, b: string, c: string) => console.log(`${a.padEnd(50)}${b.padStart(16)}   ${c}`);
  row("measure", "result", "target");
  live.forEach((r, k) => {
    const rate = r.images / r.seconds;
    const perImage = r.transactions / r.images;
    row(
      `live path, ${k + 1} record-image instance${k ? "s" : ""} (${CONCURRENCY} at once each)`,
      `${rate.toFixed(0)} images/s`,
      `>= 100 images/s: ${rate >= 100 ? "met" : "NOT met"}`,
    );
    row(
      "  transactions per image (attempts per image)",
      `${perImage.toFixed(2)} (${(r.attempts / r.images).toFixed(2)})`,
      `<= 1: ${perImage <= 1 ? "met" : "NOT met"}; images per transaction ${(r.images / r.transactions).toFixed(1)}`,
    );
    row(
      "  Firestore reads / writes per image",
      `${(r.reads / r.images).toFixed(2)} / ${(r.writes / r.images).toFixed(2)}`,
      "documents, in transactions (all of the path's reads and writes)",
    );
    row("  redeliveries (handler threw)", String(r.redeliveries), "");
    row(
      "  peak RSS of one instance (whole process)",
      `${(r.peakRss / 1048576).toFixed(0)} MB`,
      `< 256 MB: ${r.peakRss < 256 * 1048576 ? "met" : "NOT met"}`,
    );
  });
  row(
    "backfill (panoptes backfill, whole bucket)",
    `${backRate.toFixed(0)} images/s`,
    `>= 1000 images/s: ${backRate >= 1000 ? "met" : "NOT met"}; ${r.recorded} recorded, ${r.skipped} skipped`,
  );
  row("  after its first page", `${steadyRate.toFixed(0)} images/s`, "");
  row(
    "upload → recorded, whole chain, p50 / p95 (warm)",
    latencies.length ? `${pct(latencies, 50)} / ${pct(latencies, 95)} ms` : "n/a",
    `${latencies.length}/${CHAIN} recorded, 2 uploads/s after a cold start of ${cold ?? "n/a"} ms`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
