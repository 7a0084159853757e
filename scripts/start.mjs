#!/usr/bin/env node
// `npm start`: the whole system locally. Installs dependencies if needed, builds the services, starts the
// emulator suite with every service in it, loads the demo data through the real pipeline, prints where to look,
// and stops everything on Ctrl-C (or SIGTERM, SIGHUP, or when npm itself is killed).
//   npm start                 a short live status; emulator and function logs go to a file (its path is printed)
//   npm start -- --verbose    every log line on the terminal as well
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { ensureDependencies } from "./lib/ensure-deps.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

async function main(argv) {
  const verbose = argv.includes("--verbose");
  ensureDependencies(ROOT);
  const { prepare, spawnSuite, SetupError } = await import("./lib/emulator-suite.mjs");
  const { emulatorHostEnv, PROJECT_ID, portOffset } = await import("./lib/firebase-config.mjs");
  const {
    DEMO_NETWORK_IMAGES,
    DEMO_TRANSIT_SEQUENCE_ID,
    explorerCounts,
    loadDemo,
    printWhereToLook,
    waitUntilExplorerServes,
    waitUntilServing,
    watchEmulatorsUp,
  } = await import("./lib/local-stack.mjs");
  const { classifyLine, createExecutionCounter } = await import("./lib/suite-output.mjs");
  const { createStatus } = await import("./lib/terminal-status.mjs");

  const status = createStatus();
  const offset = portOffset();
  const logFile = path.join(ROOT, ".cache/logs", offset === 0 ? "start.log" : `start-offset-${offset}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  log.write(`# npm start, ${new Date().toISOString()}\n`);
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  // seconds since the start on the log's lines, so the log shows where the time goes
  const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}]`;
  status.line(`Starting panoptes-network locally. Logs: ${path.relative(process.cwd(), logFile) || logFile}`);
  status.line("  … checking Java and ports, building the services and the Data Explorer");

  let prepared;
  try {
    prepared = await prepare({
      log: (m) => {
        log.write(`${stamp()} ${m}\n`);
        if (verbose) console.error(m);
      },
      notice: (m) => {
        log.write(`${stamp()} ${m}\n`);
        status.line(`  ! ${m}`);
      },
    });
  } catch (err) {
    if (err instanceof SetupError) {
      status.line(`  ✖ ${err.message}`);
      return 1;
    }
    throw err;
  }
  const { firebase, emulators, config, configFile, env } = prepared;
  status.line(`  ✔ built (${since()}); starting the emulators`);

  let stopping = false;
  const { child, exited } = spawnSuite(
    firebase,
    ["emulators:start", "--config", configFile, "--project", PROJECT_ID, "--only", emulators.join(",")],
    env,
    {
      stdio: ["ignore", "pipe", "pipe"],
      onStop: (reason) => {
        stopping = true;
        status.settle();
        status.line(`Stopping (${reason})...`);
      },
    },
  );
  const over = () => stopping || child.exitCode !== null;
  let announceReady;
  const allReady = new Promise((resolve) => (announceReady = resolve));
  const counter = createExecutionCounter();
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on("line", (line) => {
      log.write(`${stamp()} ${line}\n`);
      if (verbose) process.stderr.write(`${line}\n`);
      const c = classifyLine(line);
      counter.add(c);
      if (c.kind === "ready") announceReady(true);
      if (c.kind === "error" && !verbose) status.line(`  ✖ ${c.text}`);
    });
  }
  // The Cloud Run services and the demo script start as soon as Firestore, Pub/Sub and Storage answer, beside the
  // Functions emulator's loading of the functions; the demo uploads once every emulator is ready and both services
  // are subscribed (record-image publishes every recorded FITS frame to solve-image).
  const backends = ["firestore", "pubsub", "storage"].filter((n) => emulators.includes(n));
  const up = new Set();
  let announceBackends;
  const backendsUp = new Promise((resolve) => (announceBackends = resolve));
  void watchEmulatorsUp({
    config,
    emulators,
    isDone: over,
    onUp: (name, address, id) => {
      status.line(`  ✔ ${name.padEnd(14)} ${address}   (${since()})`);
      up.add(id);
      if (backends.every((b) => up.has(b))) announceBackends(true);
    },
  });
  const explorerUrl = emulators.includes("hosting")
    ? `http://${config.emulators.hosting.host}:${config.emulators.hosting.port}/`
    : null;
  if (explorerUrl) {
    void waitUntilServing(explorerUrl, over).then((ok) => {
      if (ok) status.line(`  ➜ Data Explorer  ${explorerUrl}   (demo loading; ${since()})`);
    });
  }

  if (!(await Promise.race([backendsUp, exited.then(() => false)]))) {
    status.line(`  ✖ the emulators stopped before they were ready; see ${logFile}`);
    return stopping ? 0 : 1;
  }
  const hostEnv = { ...emulatorHostEnv(config, emulators), METADATA_SERVER_DETECTION: "none" };
  const serviceLog = (name) => (m) => {
    log.write(`${stamp()} [${name}] ${m}\n`);
    if (verbose) console.error(`[${name}] ${m}`);
  };
  const { SOLVER_INSTALL, startSolveImage } = await import("./lib/solve-image-local.mjs");
  const { startProcessObservation } = await import("./lib/process-observation-local.mjs");
  const services = Promise.all([
    startSolveImage({
      root: ROOT,
      env: { ...process.env, ...hostEnv },
      log: serviceLog("solve-image"),
      warn: (m) => status.line(`  ✖ solve-image: ${m}`),
    }),
    startProcessObservation({
      root: ROOT,
      env: { ...process.env, ...hostEnv },
      log: serviceLog("process-observation"),
      warn: (m) => status.line(`  ✖ process-observation: ${m}`),
    }),
  ]);
  void services.then(([solver, processor]) => {
    void exited.then(() => solver?.stop());
    void exited.then(() => processor?.stop());
  });
  let warmExplorer = Promise.resolve(null);
  const go = (async () => {
    const ready = await Promise.race([allReady, exited.then(() => false)]);
    if (!ready) {
      status.line(`  ✖ the emulators stopped before they were ready; see ${logFile}`);
      return null;
    }
    status.line(`  ✔ every emulator ready (${since()}); loading the demo network through the pipeline`);
    // One request to the explorer's API now starts explorer-api's worker while the demo loads, so it is warm
    // when the demo network is recorded (the Functions emulator keeps an idle worker for the next request).
    if (explorerUrl) warmExplorer = explorerCounts(explorerUrl, 0);
    const [solver, processor] = await services;
    if (solver)
      status.line(
        `  ✔ solve-image    ${solver.endpoint}   (Cloud Run service; push subscription solve-image-push)`,
      );
    if (processor)
      status.line(
        `  ✔ process-observation ${processor.endpoint}   (Cloud Run service; push subscription process-observation-push; schedule fired every minute)`,
      );
    // Without solve-image or process-observation there is nothing to process: the demo skips that step.
    return over() ? null : { process: Boolean(solver && processor) };
  })();
  const table = (demo) => printWhereToLook({ config, emulators, project: PROJECT_ID, logFile, demo });
  // Ready once the Data Explorer serves the demo network; the transit observation goes on in the status line.
  let networkServed = null;
  const demo = await loadDemo({
    root: ROOT,
    env: { ...process.env, ...hostEnv },
    go,
    log,
    stamp,
    status,
    explain: () => counter.summary(),
    onNetwork: (e) => {
      networkServed = (async () => {
        await warmExplorer;
        const served = explorerUrl
          ? await waitUntilExplorerServes(explorerUrl, DEMO_NETWORK_IMAGES, over)
          : { units: e.units.length, observations: e.observations, images: e.recorded };
        if (!served) return;
        status.settle();
        status.line(
          `  ✔ ready in ${since()}: the Data Explorer serves the demo network's ${e.recorded} images (it counts ${served.units} units, ${served.observations} observations, ${served.images} images so far); the transit observation is still loading`,
        );
        table("loading");
      })();
    },
  });
  await networkServed;
  if (!stopping) {
    if (!demo.network) {
      status.line(`  ✖ ready in ${since()}, without the demo network`);
      table("failed");
    } else if (demo.complete && demo.lightcurves === null) {
      status.line(
        `  ✔ demo complete in ${since()}, without lightcurves (they need solve-field and its Tycho-2 index: ${SOLVER_INSTALL})`,
      );
    } else if (demo.complete) {
      status.line(
        `  ✔ lightcurves ready in ${since()}: ${demo.lightcurves} lightcurves of ${DEMO_TRANSIT_SEQUENCE_ID}` +
          (explorerUrl ? `\n    ${explorerUrl}observations/${DEMO_TRANSIT_SEQUENCE_ID}` : ""),
      );
    } else {
      status.line(`  ✖ the demo's transit observation did not finish (${since()}); see above and ${logFile}`);
    }
    status.line("  Ctrl-C stops everything.");
  }
  const code = await exited;
  log.end();
  return stopping ? 0 : code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`start: ${err.message}`);
    process.exit(1);
  },
);
