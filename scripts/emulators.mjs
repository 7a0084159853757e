#!/usr/bin/env node
// The local emulator suite, offline-capable.
//   node scripts/emulators.mjs start [--only a,b]          stays up until Ctrl-C
//   node scripts/emulators.mjs exec [--only a,b] '<cmd>'   runs <cmd> with the suite up and *_EMULATOR_HOST set,
//                                                          then stops everything (also when <cmd> fails)
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  configFileFor,
  defaultEmulators,
  emulatorHostEnv,
  effectiveConfig,
  PROJECT_ID,
  portOffset,
  portsFor,
  ROOT,
} from "./lib/firebase-config.mjs";
import { checkJava, prepareEmulatorBinaries, SetupError } from "./lib/emulator-setup.mjs";
import { takenPorts } from "./lib/ports.mjs";
import { buildServices } from "./lib/build-services.mjs";
import { buildExplorer } from "./lib/build-explorer.mjs";

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

/** Checks Java, ports and binaries, builds the services; returns the firebase CLI argv head and env. */
export async function prepare({
  only,
  rules = process.env.PANOPTES_STORAGE_RULES ?? "auto",
  log = console.error,
}) {
  const config = effectiveConfig();
  const emulators = only ?? defaultEmulators(config);
  checkJava();
  const taken = await takenPorts(portsFor(config, emulators));
  if (taken.length > 0) {
    throw new SetupError(
      `port${taken.length > 1 ? "s" : ""} already in use: ${taken.map((t) => `${t.port} (${t.name})`).join(", ")}.\n` +
        "  Stop whatever holds them (a running `npm start` or `npm run emulators`?), e.g. `fuser -k 8080/tcp`.",
    );
  }
  const { vars, notes } = prepareEmulatorBinaries({
    cacheDir: path.join(ROOT, ".cache/emulators"),
    scriptsDir: path.join(ROOT, "scripts"),
    rules,
  });
  for (const n of notes) log(`[emulators] ${n}`);
  if (emulators.includes("functions")) await buildServices({ log });
  if (emulators.includes("hosting")) await buildExplorer({ log });
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
 * Spawns the firebase CLI in a process group of its own and, once it exits, kills whatever is left in that group
 * (the Java emulators), so no emulator outlives its run even when the CLI itself crashes while stopping.
 */
export function spawnSuite(cmd, args, env, stdio = "inherit") {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio, detached: true });
  const forward = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  process.on("SIGINT", () => forward("SIGINT"));
  process.on("SIGTERM", () => forward("SIGTERM"));
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      setTimeout(() => {
        forward("SIGKILL");
        resolve(code ?? (signal ? 1 : 0));
      }, 500);
    }),
  );
  return { child, exited };
}

function run(cmd, args, env) {
  return spawnSuite(cmd, args, env).exited;
}

async function main(argv) {
  const [command, ...rest] = argv;
  let only;
  if (rest[0] === "--only") {
    only = rest[1].split(",");
    rest.splice(0, 2);
  }
  if (command !== "start" && command !== "exec") {
    console.error("usage: emulators.mjs start [--only a,b] | exec [--only a,b] '<command>'");
    return 2;
  }
  if (command === "exec" && rest.length === 0) {
    console.error("emulators:exec needs a command, e.g. npm run emulators:exec -- 'npx jest'");
    return 2;
  }
  const { firebase, emulators, config, configFile, env } = await prepare({ only });
  const common = ["--config", configFile, "--project", PROJECT_ID, "--only", emulators.join(",")];
  if (command === "start") return run(firebase, ["emulators:start", ...common], env);
  // The child command must not inherit the offline switch meant for the Functions emulator's npm check.
  // firebase sets most *_EMULATOR_HOST variables itself; ours adds the rest (functions, hosting) and the project.
  const hosts = Object.entries(emulatorHostEnv(config, emulators)).map(([k, v]) => `${k}=${v}`);
  const script = `env -u npm_config_offline ${hosts.join(" ")} sh -c ${shellQuote(rest.join(" "))}`;
  return run(firebase, ["emulators:exec", ...common, script], env);
}

function shellQuote(s) {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof SetupError ? `emulators: ${err.message}` : err);
      process.exit(1);
    },
  );
}
