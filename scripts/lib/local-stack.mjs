// Helpers for `npm start`: watch the emulators come up, load the demo data, print the addresses of everything.
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { listServices } from "./build-services.mjs";
import { httpGet, portAccepts } from "./ports.mjs";

/** libs/demo DEMO_TRANSIT_SEQUENCE_ID (test/harness/demo-names.test.ts keeps the two equal) */
export const DEMO_TRANSIT_SEQUENCE_ID = "PAN001_5c1e57_20240820T080000";
/** Images of the demo network before the transit observation (scripts/dev/demo.ts; demo-names.test.ts checks) */
export const DEMO_NETWORK_IMAGES = 10;
/** Frames of the transit observation (libs/demo DEMO_TRANSIT.frames; demo-names.test.ts checks) */
export const DEMO_TRANSIT_FRAMES = 36;

const EMULATOR_NAMES = {
  firestore: "Firestore",
  pubsub: "Pub/Sub",
  storage: "Cloud Storage",
  auth: "Auth",
  functions: "Functions",
  hosting: "Hosting",
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Reports each emulator as soon as its port accepts connections (`onUp(displayName, address, name)`), polling every
 * 250 ms until all are up or `isDone()` says to stop.
 */
export async function watchEmulatorsUp({ config, emulators, onUp, isDone }) {
  const pending = new Set(emulators);
  while (pending.size > 0 && !isDone()) {
    for (const name of [...pending]) {
      const { host, port } = config.emulators[name];
      if (await portAccepts(port, host, 500)) {
        pending.delete(name);
        onUp(EMULATOR_NAMES[name] ?? name, `${host}:${port}`, name);
      }
    }
    await sleep(250);
  }
}

/** Resolves once `url` answers 200 (polling every 500 ms), or false when `isDone()` says to stop. */
export async function waitUntilServing(url, isDone) {
  while (!isDone()) {
    if ((await httpGet(url))?.status === 200) return true;
    await sleep(500);
  }
  return false;
}

/**
 * The Data Explorer's summary (`GET <explorer>/api/summary` through Hosting and explorer-api) when it counts at
 * least `images` images, else null.
 */
export async function explorerCounts(explorerUrl, images) {
  // A long timeout: a request given up while explorer-api's worker starts (seconds on a busy machine) makes the
  // Functions emulator start one more worker for the next request, and those slow each other down.
  const res = await httpGet(new URL("api/summary", explorerUrl).href, 120000);
  if (res?.status !== 200) return null;
  try {
    const summary = JSON.parse(res.body).summary;
    return summary && summary.images >= images ? summary : null;
  } catch {
    return null;
  }
}

/** Resolves with the summary once the explorer serves at least `images` images (polling every 500 ms), or null when `isDone()`. */
export async function waitUntilExplorerServes(explorerUrl, images, isDone) {
  while (!isDone()) {
    const summary = await explorerCounts(explorerUrl, images);
    if (summary) return summary;
    await sleep(500);
  }
  return null;
}

/**
 * Runs a tsx script of the repository, its stderr (and stdout unless `onLine` takes it) into `log`, `stdin(child)`
 * given its stdin; resolves with its exit code.
 */
function runScript({ root, env, script, args = [], log, onLine, stdin = (c) => c.stdin.end() }) {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), [script, ...args], {
    cwd: root,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stderr.pipe(log, { end: false });
  if (onLine) readline.createInterface({ input: child.stdout }).on("line", onLine);
  else child.stdout.pipe(log, { end: false });
  stdin(child);
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

/**
 * Loads the demo through the real pipeline (scripts/dev/demo.ts, paced by what the stack keeps up with; it uploads
 * once `go` resolves, see below): the demo
 * network first, `onNetwork(event)` once all of it is recorded (npm start is then ready), then the transit
 * observation, whose lightcurves are the pipeline's own (solve-image solves its frames, process-observation
 * measures them). `status` shows progress and errors as they happen; `explain()` adds what the function log says
 * when the load is stuck. Resolves with {network, complete, lightcurves}: whether the network was recorded,
 * whether all of it worked, and how many lightcurves the transit observation's run made.
 */
export async function loadDemo({
  root,
  env,
  go,
  log,
  stamp = () => "",
  status,
  explain,
  onNetwork = () => {},
}) {
  let stalled = null;
  let done = null;
  let network = false;
  let processed = null;
  const code = await runScript({
    root,
    env,
    log,
    script: path.join(root, "scripts/dev/demo.ts"),
    args: ["--json", "--wait-for-go"],
    // The script starts (imports, clients) while the stack finishes starting, and uploads on "go": `go` resolves
    // to {process} once every emulator is ready and the services are subscribed, or null to give up.
    // stdin stays open: it ends when this process dies, however it dies, and the script then stops too.
    stdin: (child) =>
      void go.then((g) =>
        g ? child.stdin.write(`go${g.process ? "" : " no-processing"}\n`) : child.stdin.end(),
      ),
    onLine: (line) => {
      log.write(`${stamp()} [demo] ${line}\n`);
      let e;
      try {
        e = JSON.parse(line);
      } catch {
        return;
      }
      if (e.event === "progress")
        status.live(
          network
            ? `  … transit observation: ${e.transit.recorded}/${e.transit.total} frames recorded`
            : `  … demo network: ${e.network.recorded}/${e.network.total} images recorded`,
        );
      if (e.event === "network") {
        network = true;
        onNetwork(e);
      }
      if (e.event === "reupload")
        status.line(`  ! ${e.path} uploaded again: the Storage emulator dropped its event`);
      if (e.event === "image-error") status.line(`  ✖ demo image ${e.image_id} failed: ${e.error}`);
      if (e.event === "stalled") stalled = e;
      if (e.event === "done") done = e;
      if (e.event === "solving")
        status.live(
          `  … solve-image: ${e.solved}/${e.total} demo frames handled (the transit observation's and the network's)`,
        );
      if (e.event === "processing")
        status.live(
          `  … transit observation: processing ${e.frames_done}/${e.frames_total} frames (process-observation, ${e.status})`,
        );
      if (e.event === "processed") {
        processed = e;
        if (e.status !== "done") {
          status.settle();
          status.line(`  ✖ demo run ${e.run} of ${e.sequence_id} ${e.status}: ${e.reason}`);
        }
      }
    },
  });
  status.settle();
  if (stalled) {
    status.line(`  ✖ demo stuck at ${stalled.step}: ${stalled.message}`);
    status.line(`    function executions so far: ${explain() || "none"}`);
  } else if (code !== 0 || !done) {
    status.line(`  ✖ loading the demo failed (exit ${code}); the log has the details`);
  }
  const complete = !stalled && code === 0 && Boolean(done) && done.errors === 0;
  return {
    network,
    complete: complete && (processed === null || processed.status === "done"),
    lightcurves: processed?.status === "done" ? processed.lightcurves : null,
  };
}

/**
 * Prints where each part of the local system listens; `demo` is "loading" (the network is served, the transit
 * observation still going), "complete" or "failed".
 */
export function printWhereToLook({ config, emulators, project, logFile, demo }) {
  const e = config.emulators;
  const at = (name) => `http://${e[name].host}:${e[name].port}`;
  const lines = [
    "",
    "panoptes-network is running locally (project " + project + "; nothing reaches Google Cloud).",
    "",
  ];
  if (emulators.includes("hosting")) lines.push(`  Data Explorer        ${at("hosting")}/`);
  for (const { manifest } of listServices()) {
    if (manifest.kind !== "function") continue;
    const t = manifest.trigger;
    const how =
      t.type === "http"
        ? `${at("functions")}/${project}/${manifest.region}/${manifest.entryPoint}${t.public ? "" : "  (needs an ID token)"}`
        : t.type === "topic"
          ? `Pub/Sub topic ${t.topic}`
          : t.type === "schedule"
            ? manifest.name === "schedule-processing"
              ? `schedule "${t.schedule}" (fired every minute locally beside process-observation: PANOPTES_SCHEDULE_SECONDS)`
              : `schedule "${t.schedule}" (not fired locally; run it: npx panoptes export observations --publish)`
            : `uploads to gs://${t.bucket}`;
    lines.push(`  ${manifest.name.padEnd(20)} ${how}`);
  }
  lines.push(
    "",
    demo === "failed"
      ? "  Demo data: NOT fully loaded (see above and the log)."
      : `  Demo data: 3 units, 6 cameras, 11 observations, ${DEMO_NETWORK_IMAGES + DEMO_TRANSIT_FRAMES} images through the real pipeline; the transit observation\n` +
          `  ${DEMO_TRANSIT_SEQUENCE_ID} (${DEMO_TRANSIT_FRAMES} frames of HD 189733's field) is plate-solved and measured into lightcurves` +
          (demo === "loading"
            ? '\n  (still going: the status line below says how far; "✔ lightcurves ready" when done).'
            : ".") +
          (emulators.includes("hosting")
            ? `\n  Its lightcurves: ${at("hosting")}/observations/${DEMO_TRANSIT_SEQUENCE_ID}`
            : ""),
    "",
    `  Firestore            ${at("firestore")}   (FIRESTORE_EMULATOR_HOST=${e.firestore.host}:${e.firestore.port})`,
    `  Pub/Sub              ${at("pubsub")}   (PUBSUB_EMULATOR_HOST=${e.pubsub.host}:${e.pubsub.port})`,
    `  Cloud Storage        ${at("storage")}   (STORAGE_EMULATOR_HOST=${at("storage")})`,
    `  Auth                 ${at("auth")}`,
    "",
    `  Logs (emulators and functions): ${logFile}`,
    "",
    "  Try:  npx panoptes show unit PAN001",
    "        npx panoptes show observation PAN001_14d3bd_20240316T060000 --json",
    `        npx panoptes lightcurve ${DEMO_TRANSIT_SEQUENCE_ID} --format csv`,
    `        npx panoptes process ${DEMO_TRANSIT_SEQUENCE_ID} --wait --json`,
    "        npx panoptes lookup 'KIC 8462852'      npx panoptes header gs://panoptes-raw-images/PAN001/14d3bd/20240316T060000/20240316T060030.fits",
    "  Ctrl-C stops everything.",
    "",
  );
  console.log(lines.join("\n"));
}
