#!/usr/bin/env node
// The local emulator suite, offline-capable (the library behind it: scripts/lib/emulator-suite.mjs).
//   node scripts/emulators.mjs start [--only a,b]          stays up until Ctrl-C
//   node scripts/emulators.mjs exec [--only a,b] '<cmd>'   runs <cmd> with the suite up and *_EMULATOR_HOST set,
//                                                          then stops everything (also when <cmd> fails)
// Nothing it starts outlives it: Ctrl-C, SIGTERM, SIGHUP or its own death (even SIGKILL) end the suite.
import { prepare, SetupError, spawnSuite } from "./lib/emulator-suite.mjs";
import { emulatorHostEnv, PROJECT_ID } from "./lib/firebase-config.mjs";
import { shellLine, shellQuote } from "./lib/shell.mjs";

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
  const onStop = (reason) => console.error(`[emulators] stopping (${reason})...`);
  if (command === "start")
    return spawnSuite(firebase, ["emulators:start", ...common], env, { onStop }).exited;
  // The child command must not inherit the offline switch meant for the Functions emulator's npm check.
  // firebase sets most *_EMULATOR_HOST variables itself; ours adds the rest (functions, hosting) and the project.
  const hosts = Object.entries(emulatorHostEnv(config, emulators)).map(([k, v]) => `${k}=${v}`);
  const script = `${shellLine(["env", "-u", "npm_config_offline", ...hosts, "sh", "-c"])} ${shellQuote(rest.join(" "))}`;
  return spawnSuite(firebase, ["emulators:exec", ...common, script], env, { onStop }).exited;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof SetupError ? `emulators: ${err.message}` : err);
    process.exit(1);
  },
);
