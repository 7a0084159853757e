#!/usr/bin/env node
// `npm start`: the whole system locally. Installs dependencies if needed, builds the services, starts the
// emulator suite with every service in it, loads the demo data through the real pipeline, prints where to look,
// and stops everything on Ctrl-C.
import path from "node:path";
import { ensureDependencies } from "./lib/ensure-deps.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

async function main() {
  ensureDependencies(ROOT);
  const { prepare, spawnSuite } = await import("./emulators.mjs");
  const { emulatorHostEnv, PROJECT_ID } = await import("./lib/firebase-config.mjs");
  const { printWhereToLook, loadDemo } = await import("./lib/local-stack.mjs");
  const { firebase, emulators, config, configFile, env } = await prepare({});
  const { child, exited } = spawnSuite(
    firebase,
    ["emulators:start", "--config", configFile, "--project", PROJECT_ID, "--only", emulators.join(",")],
    env,
    ["ignore", "pipe", "inherit"],
  );
  let announceReady;
  const allReady = new Promise((resolve) => (announceReady = resolve));
  child.stdout.on("data", (d) => {
    const text = String(d);
    if (text.includes("All emulators ready")) announceReady(true);
    // The firebase CLI's own table mentions its UI, which is off; keep its log lines, drop the banner.
    if (!/All emulators ready|┌|│|└|├|View Emulator UI/.test(text)) process.stderr.write(text);
  });
  let stopping = false;
  const stop = () => {
    if (!stopping) console.error("\n[start] stopping the emulators...");
    stopping = true;
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const ready = await Promise.race([allReady, exited.then(() => false)]);
  if (!ready) return 1;
  const hostEnv = { ...emulatorHostEnv(config, emulators), METADATA_SERVER_DETECTION: "none" };
  const { startSolveImage } = await import("./lib/solve-image-local.mjs");
  const solver = await startSolveImage({
    root: ROOT,
    env: { ...process.env, ...hostEnv },
    log: (m) => console.error(`[solve-image] ${m}`),
  });
  exited.then(() => solver?.stop());
  try {
    await loadDemo({
      root: ROOT,
      env: { ...process.env, ...hostEnv },
      log: (m) => console.error(`[demo] ${m}`),
    });
  } catch (err) {
    console.error(`[demo] could not load the demo data: ${err.message}`);
  }
  printWhereToLook({ config, emulators, project: PROJECT_ID });
  if (solver)
    console.log(
      `  solve-image          ${solver.endpoint}  (Cloud Run service; push subscription solve-image-push)\n`,
    );
  const code = await exited;
  return stopping ? 0 : code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`start: ${err.message}`);
    process.exit(1);
  },
);
