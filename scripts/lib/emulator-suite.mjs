// The local emulator suite as a library: checks and builds before a start (prepare), and the firebase CLI run
// as a child that never outlives its run (spawnSuite). The command line is scripts/emulators.mjs.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildExplorer } from "./build-explorer.mjs";
import { buildServices } from "./build-services.mjs";
import { checkJava, prepareEmulatorBinaries, SetupError } from "./emulator-setup.mjs";
import {
  configFileFor,
  defaultEmulators,
  effectiveConfig,
  portOffset,
  portsFor,
  ROOT,
} from "./firebase-config.mjs";
import { takenPorts } from "./ports.mjs";
import { endRun, RUN_TAG, watchAncestors } from "./process-tree.mjs";
import { clearRun, describeProcess, recordRun, runStateFile, stopLeftoverRun } from "./run-state.mjs";

/** Seconds a stopping suite gets to end on its own before what is left of it is killed. */
const STOP_GRACE_MS = 5000;

/** Environment for the firebase CLI: the offline binaries and the switches docs/local-stack.md explains. */
export function firebaseEnv(binaryVars, tmpDir, base = process.env) {
  return {
    ...base,
    ...binaryVars,
    // The Storage emulator keeps blobs under $TMPDIR/firebase and deletes that folder on exit: each suite
    // gets its own, so two suites on one machine (port offsets) never delete each other's files.
    TMPDIR: tmpDir,
    // The Functions emulator runs `npm show firebase-functions`; offline that waits 10 s for nothing.
    npm_config_offline: "true",
    FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH: "true",
    // A Functions emulator worker that takes longer than this to load is dropped with its event (default 30 s):
    // on a loaded 2-core machine several cold workers starting at once can need more.
    FUNCTIONS_DISCOVERY_TIMEOUT: "120",
    NO_UPDATE_NOTIFIER: "1",
    METADATA_SERVER_DETECTION: "none",
    FIREBASE_CLI_DISABLE_UPDATE_CHECK: "true",
  };
}

/**
 * Stops this project's emulators left on this port offset by an earlier run whose script is gone (and says so),
 * then checks that every port is free; a port held by anything else is a SetupError naming it.
 */
async function freePorts(config, emulators, notice) {
  const stateFile = runStateFile(ROOT, portOffset());
  const leftover = await stopLeftoverRun(stateFile);
  if (leftover.stopped) {
    notice(
      `[emulators] stopped this project's emulators left running by an earlier run (started ${leftover.state.startedAt} ` +
        `by pid ${leftover.state.ownerPid}, which is gone): ${leftover.stopped.map(describeProcess).join(", ")}`,
    );
  }
  const taken = await takenPorts(portsFor(config, emulators));
  if (taken.length === 0) return;
  const holder = leftover.live
    ? `  They belong to a run of this project that is still going: pid ${leftover.live.ownerPid} (${leftover.live.ownerCommand}), started ${leftover.live.startedAt}; stop it with Ctrl-C in its terminal or \`kill ${leftover.live.ownerPid}\`.\n`
    : "  Stop whatever holds them (a running `npm start` or `npm run emulators` of another checkout?), e.g. `fuser -k 8080/tcp`,\n" +
      "  or run beside it on other ports: PANOPTES_EMULATOR_PORT_OFFSET=1000.\n";
  throw new SetupError(
    `port${taken.length > 1 ? "s" : ""} already in use: ${taken.map((t) => `${t.port} (${t.name})`).join(", ")}.\n` +
      holder.trimEnd(),
  );
}

/**
 * Checks Java, ports and binaries, builds the services; returns the firebase CLI argv head and env. `log` gets
 * progress, `notice` what the user must see (emulators of an earlier run stopped).
 */
export async function prepare({
  only,
  rules = process.env.PANOPTES_STORAGE_RULES ?? "auto",
  log = console.error,
  notice = log,
}) {
  const config = effectiveConfig();
  const emulators = only ?? defaultEmulators(config);
  checkJava();
  await freePorts(config, emulators, notice);
  const { vars, notes } = prepareEmulatorBinaries({
    cacheDir: path.join(ROOT, ".cache/emulators"),
    scriptsDir: path.join(ROOT, "scripts"),
    rules,
  });
  for (const n of notes) log(`[emulators] ${n}`);
  // Bundles newer than their sources are kept (a second start, or tests after a start, skip the build).
  // The two builds side by side: esbuild bundles while Vite builds the Data Explorer in its own process.
  await Promise.all([
    emulators.includes("functions") ? buildServices({ log, onlyChanged: true }) : null,
    emulators.includes("hosting") ? buildExplorer({ log, onlyChanged: true }) : null,
  ]);
  const firebase = path.join(ROOT, "node_modules/.bin/firebase");
  const tmpDir = path.join(ROOT, ".cache/emulators", `tmp-${portOffset()}`);
  fs.mkdirSync(tmpDir, { recursive: true });
  return {
    firebase,
    emulators,
    config,
    configFile: configFileFor(portOffset()),
    env: firebaseEnv(vars, tmpDir),
  };
}

/**
 * Runs the firebase CLI so that nothing it starts outlives the run:
 * - every process of the run carries a run id in its environment (the Java emulators leave the CLI's process
 *   group, the id still finds them) and is recorded in .cache/runs for the next start;
 * - Ctrl-C, SIGTERM, SIGHUP, or the death of the process that started this script (npm, a test runner) stop
 *   the CLI, and whatever is left after a few seconds is killed;
 * - a watchdog process, holding a pipe from this one, ends the run when this script dies, even by SIGKILL.
 * Returns the child and a promise of its exit code, resolved once every process of the run is gone.
 * `onStop(reason)` is told why a stop began.
 */
export function spawnSuite(cmd, args, env, { stdio = "inherit", onStop = () => {} } = {}) {
  const runId = `${portOffset()}-${randomUUID()}`;
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, [RUN_TAG]: runId }, stdio, detached: true });
  const stateFile = runStateFile(ROOT, portOffset());
  const watchdog = spawn(
    process.execPath,
    [path.join(import.meta.dirname, "watchdog.mjs"), runId, String(child.pid), stateFile],
    {
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
    },
  );
  watchdog.unref();
  watchdog.stdin.unref?.();
  recordRun(stateFile, { runId, pid: child.pid, command: [cmd, ...args].join(" ") });

  let stopping = false;
  let forced;
  const stop = (reason, signal = "SIGINT") => {
    if (stopping) return;
    stopping = true;
    onStop(reason);
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
    forced = setTimeout(() => void endRun({ runId, pgid: child.pid, graceMs: 1000 }), STOP_GRACE_MS);
  };
  const onSignal = (signal) => stop(signal, signal === "SIGHUP" ? "SIGTERM" : signal);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, onSignal);
  const unwatch = watchAncestors((pid) =>
    stop(`the process that started this one (pid ${pid}) is gone`, "SIGTERM"),
  );

  const exited = new Promise((resolve) =>
    child.on("exit", async (code, signal) => {
      clearTimeout(forced);
      unwatch();
      // The CLI is gone; anything of the run still alive (an emulator it failed to stop) goes too.
      await endRun({ runId, pgid: child.pid, graceMs: 500 });
      clearRun(stateFile, runId);
      for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.off(sig, onSignal);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
  return { child, exited, stop: (reason = "stop requested") => stop(reason), isStopping: () => stopping };
}

export { SetupError };
