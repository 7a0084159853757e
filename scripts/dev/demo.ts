// Loads the demo network into the running local stack through the real pipeline: generated PANOPTES images are
// uploaded to the raw bucket, raw-file-uploaded routes them, record-image records them. Called by `npm start`.
//   npx tsx scripts/dev/demo.ts [--json] [--wait-for-go]
// The demo network (one frame per observation of demoDataset: 3 units, 5 cameras, 10 observations) goes up
// first, and a `network` event says when all of it is recorded (npm start is then ready: the explorer serves it);
// then the 36 frames of the transit observation, which solve-image solves and process-observation measures.
// Uploads are paced by what the stack keeps up with: at most PANOPTES_DEMO_IN_FLIGHT (default 4) images are
// uploaded and not yet recorded, the next goes up when one is recorded. An image whose storage event the
// emulator dropped is uploaded again (DemoPacer.dropped). It fails only when nothing progresses for
// PANOPTES_DEMO_STALL_SECONDS (default 90), naming the stuck step. Progress goes to stderr, or as JSON lines on
// stdout with --json (for npm start's status line).
import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import {
  DEMO_TRANSIT,
  demoDataset,
  demoTransitFrames,
  demoTransitSpec,
  type ImageSpec,
  makePanoptesFits,
  specPath,
  TYCHO2_INDEX,
} from "@panoptes/demo";
import fs from "node:fs";
import { COLLECTIONS, formatImageId, TOPICS } from "@panoptes/models";
import { createPublisher, ensureTopics, firebaseApp, firestoreFor } from "@panoptes/platform";
import { DemoPacer, type Progress } from "../lib/demo-pacer";
import { processDemoObservations, type ProcessingEvent } from "../lib/demo-processing";

const PROJECT = process.env.GCLOUD_PROJECT ?? "demo-panoptes";
const RAW = process.env.RAW_BUCKET ?? "panoptes-raw-images";
const IN_FLIGHT = Number(process.env.PANOPTES_DEMO_IN_FLIGHT ?? 4);
const STALL_SECONDS = Number(process.env.PANOPTES_DEMO_STALL_SECONDS ?? 90);
const JSON_OUT = process.argv.includes("--json");
const WAIT_FOR_GO = process.argv.includes("--wait-for-go");
/** Frames per observation of the demo network (libs/demo demoDataset): 10 frames in 10 observations. */
const NETWORK_FRAMES_PER_OBSERVATION = 1;

type DemoEvent =
  | ({ event: "progress"; network: Progress; transit: Progress } & Progress)
  | {
      event: "network";
      recorded: number;
      total: number;
      units: string[];
      observations: number;
      seconds: number;
    }
  | { event: "reupload"; image_id: string; path: string }
  | { event: "image-error"; image_id: string; error: string }
  | { event: "stalled"; step: string; message: string }
  | ({ event: "done"; seconds: number; units: string[]; observations: number } & Progress)
  | ProcessingEvent;

function emit(e: DemoEvent): void {
  if (JSON_OUT) {
    process.stdout.write(JSON.stringify(e) + "\n");
    return;
  }
  if (e.event === "progress")
    console.error(`[demo] uploaded ${e.uploaded}/${e.total}, recorded ${e.recorded}/${e.total}`);
  else if (e.event === "network")
    console.error(
      `[demo] the network's ${e.recorded}/${e.total} images recorded in ${e.seconds.toFixed(1)} s: ${e.units.length} units, ${e.observations} observations`,
    );
  else if (e.event === "reupload")
    console.error(`[demo] ${e.path} uploaded again: its storage event never arrived`);
  else if (e.event === "image-error") console.error(`[demo] image ${e.image_id} failed: ${e.error}`);
  else if (e.event === "stalled") console.error(`[demo] stuck at ${e.step}: ${e.message}`);
  else if (e.event === "solving") console.error(`[demo] solve-image handled ${e.solved}/${e.total} frames`);
  else if (e.event === "processing")
    console.error(
      `[demo] run ${e.run} of ${e.sequence_id}: ${e.status} ${e.frames_done}/${e.frames_total} frames`,
    );
  else if (e.event === "processed")
    console.error(
      `[demo] run ${e.run} of ${e.sequence_id} ${e.status}: ${e.reason ?? `${e.lightcurves} lightcurves`}`,
    );
  else
    console.error(
      `[demo] recorded ${e.recorded}/${e.total} images in ${e.seconds.toFixed(1)} s: ${e.units.length} units ` +
        `(${e.units.join(", ")}), ${e.observations} observations${e.errors ? `, ${e.errors} failed` : ""}`,
    );
}

const imageIdOf = (s: ImageSpec) =>
  formatImageId({ unit_id: s.unit_id, camera_id: s.camera_id, time: s.image_time });

/**
 * With --wait-for-go (npm start): waits for the first line on stdin, "go" to upload, "go no-processing" to upload
 * without the processing step (solve-image or process-observation did not start). npm start keeps stdin open while
 * it runs, so stdin ending, before or after "go", means it is gone: the script exits. Resolves whether to process.
 */
function waitForGo(): Promise<boolean> {
  return new Promise((resolve) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (d: string) => {
      if (text.includes("\n")) return;
      text += d;
      if (!text.includes("\n")) return;
      const line = text.slice(0, text.indexOf("\n")).trim();
      if (line !== "go" && line !== "go no-processing")
        throw new Error(`expected "go" on stdin, got "${line}"`);
      resolve(line === "go" && process.env.PANOPTES_DEMO_PROCESS !== "off");
    });
    process.stdin.on("end", () => process.exit(1));
  });
}

class StallError extends Error {
  readonly code = "demo-stalled";
}

async function main(): Promise<void> {
  if (!PROJECT.startsWith("demo-"))
    throw new Error(`the demo loads into demo- projects only, not ${PROJECT}`);
  if (!(IN_FLIGHT >= 1)) throw new Error(`PANOPTES_DEMO_IN_FLIGHT must be 1 or more, got ${IN_FLIGHT}`);
  if (!(STALL_SECONDS > 0))
    throw new Error(`PANOPTES_DEMO_STALL_SECONDS must be positive, got ${STALL_SECONDS}`);
  await ensureTopics(new PubSub({ projectId: PROJECT }), Object.values(TOPICS));
  const processing = WAIT_FOR_GO ? await waitForGo() : process.env.PANOPTES_DEMO_PROCESS !== "off";
  const specs = demoDataset(NETWORK_FRAMES_PER_OBSERVATION);
  const networkIds = specs.map(imageIdOf);
  // The transit observation (DEMO_TRANSIT_SEQUENCE_ID): frames of real sky around HD 189733 with a transit injected,
  // for solve-image to solve and process-observation to measure; each frame is made when it is uploaded. Left
  // out when the Tycho-2 index is not installed.
  const transitPaths = new Set<string>();
  if (fs.existsSync(`/usr/share/astrometry/${TYCHO2_INDEX}`)) {
    for (let k = 0; k < DEMO_TRANSIT.frames; k++) {
      const spec = demoTransitSpec(k);
      transitPaths.add(specPath(spec));
      specs.push(spec);
    }
  }
  const transitIds = specs.slice(networkIds.length).map(imageIdOf);
  const transitFrames = demoTransitFrames();
  const transitBytes = new Map<string, Promise<Uint8Array>>();
  // Uploads start in spec order, so the generator's next frame is the one asked for (each path asks once).
  const bytesOf = (s: ImageSpec): Promise<Uint8Array> => {
    const p = specPath(s);
    if (!transitPaths.has(p)) return Promise.resolve(makePanoptesFits(s));
    let bytes = transitBytes.get(p);
    if (!bytes) {
      bytes = transitFrames.next().then((r) => {
        if (r.done || specPath(r.value.spec) !== p)
          throw new Error(`demo transit frame for ${p} out of order`);
        return r.value.bytes;
      });
      transitBytes.set(p, bytes);
    }
    return bytes;
  };
  const ids = specs.map(imageIdOf);
  const started = Date.now();
  const pacer = new DemoPacer({ ids, inFlight: IN_FLIGHT, stallMs: STALL_SECONDS * 1000 }, started);
  const bucket = new Storage({ projectId: PROJECT }).bucket(RAW);
  const db = firestoreFor(firebaseApp(PROJECT));

  // Progress comes from the image documents as record-image writes them.
  let wake = () => {};
  let last = "";
  let networkDone = false;
  const report = () => {
    const p = pacer.progress();
    const key = JSON.stringify(p);
    if (key !== last)
      emit({
        event: "progress",
        ...p,
        network: pacer.progress(networkIds),
        transit: pacer.progress(transitIds),
      });
    last = key;
    for (const e of pacer.newErrors()) emit({ event: "image-error", image_id: e.id, error: e.error });
    if (!networkDone && pacer.finished(networkIds)) {
      networkDone = true;
      announceNetwork().catch((err: unknown) => {
        failure = new Error(`counting the demo network failed: ${(err as Error).message}`);
      });
    }
  };
  const announceNetwork = async () => {
    const units = await db.collection(COLLECTIONS.units).get();
    const observations = await db.collection(COLLECTIONS.observations).count().get();
    const n = pacer.progress(networkIds);
    emit({
      event: "network",
      recorded: n.recorded,
      total: n.total,
      units: units.docs.map((d) => d.id),
      observations: observations.data().count,
      seconds: (Date.now() - started) / 1000,
    });
  };
  const unsubscribe = db.collection(COLLECTIONS.images).onSnapshot(
    (snap) => {
      for (const change of snap.docChanges()) {
        const d = change.doc.data();
        pacer.observe(
          change.doc.id,
          { status: String(d.status), generation: d.generation ?? null, error: d.error ?? null },
          Date.now(),
        );
      }
      report();
      wake();
    },
    (err) => console.error(`[demo] watching image documents failed: ${err.message}`),
  );

  // Wait for the next change (a recorded image, a finished upload) or one second, then upload again what the
  // emulator dropped and check for a stall.
  let failure: unknown;
  const uploads: Promise<void>[] = [];
  const tick = async () => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    if (failure) throw failure;
    for (const id of pacer.dropped(Date.now())) {
      const spec = specs[ids.indexOf(id)]!;
      emit({ event: "reupload", image_id: id, path: specPath(spec) });
      pacer.uploadStarted(id, Date.now());
      uploads.push(upload(spec, id));
    }
    const stall = pacer.stalled(Date.now());
    if (stall) {
      emit({ event: "stalled", ...stall });
      throw new StallError(`stuck at ${stall.step}: ${stall.message}`);
    }
  };

  // Single-request uploads with a retry: the Storage emulator drops connections under heavy load.
  const put = async (s: ImageSpec, attempt = 1): Promise<string> => {
    const file = bucket.file(specPath(s));
    try {
      await file.save(Buffer.from(await bytesOf(s)), { resumable: false });
      return String(file.metadata.generation);
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
      return put(s, attempt + 1);
    }
  };

  const upload = (s: ImageSpec, id: string): Promise<void> =>
    put(s).then(
      (generation) => {
        pacer.uploadFinished(id, generation, Date.now());
        report();
        wake();
      },
      (err: unknown) => {
        failure = new Error(`uploading ${specPath(s)} failed: ${(err as Error).message}`);
        wake();
      },
    );

  try {
    for (const [k, s] of specs.entries()) {
      const id = imageIdOf(s);
      if (k === networkIds.length) {
        // The transit observation waits for the network to be recorded: its frames (generated here, ~2 MB each,
        // then solved) would slow the network, and npm start is ready when the network is served. Its first
        // frame is made meanwhile.
        void bytesOf(s).catch(() => undefined);
        while (!pacer.finished(networkIds)) await tick();
      }
      while (!pacer.canUpload()) await tick();
      pacer.uploadStarted(id, Date.now());
      uploads.push(upload(s, id));
    }
    await Promise.all(uploads);
    if (failure) throw failure;
    while (!pacer.finished()) await tick();
  } finally {
    unsubscribe();
  }
  const units = await db.collection(COLLECTIONS.units).get();
  const observations = await db.collection(COLLECTIONS.observations).count().get();
  const p = pacer.progress();
  emit({
    event: "done",
    ...p,
    seconds: (Date.now() - started) / 1000,
    units: units.docs.map((d) => d.id),
    observations: observations.data().count,
  });
  if (p.errors > 0) throw new Error(`${p.errors} demo image(s) failed (see above)`);
  if (processing) {
    // A failed run is shown with its reason (the `processed` event) and kept, as any run is; the demo's data stands.
    await processDemoObservations(db, createPublisher(new PubSub({ projectId: PROJECT })), {
      solveTimeoutMs: STALL_SECONDS * 4000,
      runTimeoutMs: STALL_SECONDS * 4000,
      emit,
    });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (!(err instanceof StallError)) console.error(`[demo] ${(err as Error).message}`);
    process.exit(1);
  },
);
