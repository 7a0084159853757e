// npm run bench:ingest — the ingest pipeline against the local emulators, in one run:
//  * live path: images/s through record-image's handler (concurrency 16), transactions, reads and writes per image
//  * backfill: images/s through panoptes backfill's batches
//  * latency from upload to record through the whole chain (Storage → raw-file-uploaded → Pub/Sub → record-image)
//  * peak RSS of this process while the handler runs
// Runs inside `emulators.mjs exec` (the npm script starts the emulators). Sizes: BENCH_LIVE, BENCH_BACKFILL, BENCH_CHAIN.
import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import { demoDataset, type ImageSpec, makePanoptesFits, specPath } from "@panoptes/demo";
import { readStoredHeader } from "@panoptes/fits-storage";
import { messageFor, runBackfill } from "@panoptes/ingest";
import { COLLECTIONS, parseObjectPath } from "@panoptes/models";
import {
  createLogger,
  createObjectStore,
  createPublisher,
  firebaseApp,
  firestoreFor,
} from "@panoptes/platform";
import type { Firestore, Transaction } from "firebase-admin/firestore";
import { handleRecordImage } from "../services/record-image/src/handler";

const PROJECT = process.env.GCLOUD_PROJECT ?? "demo-panoptes";
const LIVE = Number(process.env.BENCH_LIVE ?? 600);
const BACKFILL = Number(process.env.BENCH_BACKFILL ?? 3000);
const CHAIN = Number(process.env.BENCH_CHAIN ?? 40);
const BUCKET = "bench-ingest";
const run = Date.now().toString(36).slice(-4);

/** `n` images over 20 units × 4 cameras, sequences of up to 200 images, with ids unique to this run. */
function specs(n: number, tag: string): ImageSpec[] {
  const base = demoDataset(1)[0]!;
  return Array.from({ length: n }, (_, i) => {
    const unit = 900 + (i % 20);
    const camera = `${tag}${run}${(i >> 2) % 4}`
      .slice(-6)
      .padStart(6, "0")
      .replace(/[^0-9a-f]/g, "a");
    const seq = Math.floor(i / 200);
    const t = new Date(Date.UTC(2025, 0, 1 + seq, 3, 0, 0) + i * 1000);
    const ts = (d: Date) =>
      d
        .toISOString()
        .replace(/\.\d{3}Z$/, "")
        .replace(/[-:]/g, "");
    return {
      ...base,
      unit_id: `PAN${unit}`,
      camera_id: camera,
      sequence_time: ts(new Date(Date.UTC(2025, 0, 1 + seq, 3))),
      image_time: ts(t),
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

/** Counts transactions and the reads and writes made inside them. */
function countingDb(db: Firestore) {
  const counts = { transactions: 0, reads: 0, writes: 0 };
  const original = db.runTransaction.bind(db);
  const wrap = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (prop === "get") counts.reads += 1;
          if (prop === "getAll") counts.reads += args.length;
          if (prop === "set" || prop === "update" || prop === "create" || prop === "delete")
            counts.writes += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  (db as { runTransaction: unknown }).runTransaction = (
    fn: (tx: Transaction) => Promise<unknown>,
    opts?: object,
  ) => {
    counts.transactions += 1;
    return original((tx) => fn(wrap(tx)), opts);
  };
  return counts;
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

  // Live path.
  const live = specs(LIVE, "a");
  await uploadAll(live, BUCKET);
  const messages = await Promise.all(
    live.map(async (s) => {
      const path = parseObjectPath(specPath(s));
      return messageFor((await store.stat(BUCKET, path.bucket_path))!, path);
    }),
  );
  const counts = countingDb(db);
  const deps = {
    db,
    publisher: createPublisher(new PubSub({ projectId: PROJECT })),
    logger: createLogger({ service: "bench", level: "ERROR" as const }),
    readHeader: async (bucket: string, path: string, generation: string) => {
      const h = await readStoredHeader(store, { bucket, path, generation });
      return { header: h.header, bytesRead: h.bytesRead };
    },
  };
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let next = 0;
  let retries = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < messages.length) {
        const m = messages[next++]!;
        // As Pub/Sub would: a transient failure (contention) is delivered again.
        for (let attempt = 1; ; attempt++) {
          try {
            await handleRecordImage(m, deps);
            break;
          } catch (err) {
            if (attempt >= 10) throw err;
            retries++;
            await new Promise((r) => setTimeout(r, 50 * attempt));
          }
        }
      }
    }),
  );
  const liveSeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const liveRate = LIVE / liveSeconds;

  // Backfill.
  const back = specs(BACKFILL, "b");
  await uploadAll(back, BUCKET);
  const t1 = performance.now();
  const r = await runBackfill({ db, store, bucket: BUCKET, prefix: "", batchSize: 150, concurrency: 32 });
  const backSeconds = (performance.now() - t1) / 1000;
  const backRate = (r.recorded + r.skipped) / backSeconds;

  const row = (a: string, b: string, c: string) => console.log(`${a.padEnd(46)}${b.padStart(16)}   ${c}`);
  row("measure", "result", "target");
  row(
    "live path (record-image handler, 16 at once)",
    `${liveRate.toFixed(0)} images/s`,
    `>= 100 images/s: ${liveRate >= 100 ? "met" : "NOT met"}`,
  );
  row(
    "  transactions per image",
    (counts.transactions / LIVE).toFixed(2),
    `<= 1 (+1 per new observation): ${counts.transactions / LIVE <= 1.05 ? "met" : "NOT met"}`,
  );
  row(
    "  reads / writes per image (in transactions)",
    `${(counts.reads / LIVE).toFixed(2)} / ${(counts.writes / LIVE).toFixed(2)}`,
    "plus one plain read of the observation",
  );
  row("  redeliveries after contention", String(retries), "");
  row(
    "backfill (batches of 150)",
    `${backRate.toFixed(0)} images/s`,
    `>= 1000 images/s: ${backRate >= 1000 ? "met" : "NOT met"}`,
  );
  row(
    "upload → recorded, whole chain, p50 / p95 (warm)",
    latencies.length ? `${pct(latencies, 50)} / ${pct(latencies, 95)} ms` : "n/a",
    `${latencies.length}/${CHAIN} recorded, 2 uploads/s after a cold start of ${cold ?? "n/a"} ms`,
  );
  row(
    "peak RSS while the handler runs (whole process)",
    `${(peak / 1048576).toFixed(0)} MB`,
    `< 256 MB: ${peak < 256 * 1048576 ? "met" : "NOT met"}`,
  );
  row(
    "  of which added by the live run",
    `${((peak - baseline) / 1048576).toFixed(0)} MB`,
    "(before it: SDKs and this run's test data)",
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
