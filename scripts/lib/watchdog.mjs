#!/usr/bin/env node
// Ends a run's processes when the script that started them dies, however it dies (SIGKILL cannot be caught).
//   node watchdog.mjs <run id> <pgid> [state file]
// Started by spawnSuite with a pipe on stdin that nobody writes to: when the starting script exits, the kernel
// closes its end and stdin ends here. The watchdog then ends whatever is left of the run (see endRun; nothing
// after a clean stop) and exits. It runs in a session of its own, so Ctrl-C or a closed terminal reaches the
// script, not the watchdog.
import { endRun } from "./process-tree.mjs";
import { clearRun } from "./run-state.mjs";

const [runId, pgidArg, stateFile] = process.argv.slice(2);
const pgid = Number(pgidArg);
if (!runId || !Number.isInteger(pgid) || pgid <= 1) {
  console.error("usage: watchdog.mjs <run id> <pgid> [state file]");
  process.exit(2);
}

let ending = false;
async function end() {
  if (ending) return;
  ending = true;
  await endRun({ runId, pgid });
  if (stateFile) clearRun(stateFile, runId);
  process.exit(0);
}

for (const sig of ["SIGINT", "SIGHUP", "SIGTERM"]) process.on(sig, () => void end());
process.stdin.on("end", () => void end());
process.stdin.on("error", () => void end());
process.stdin.resume();
