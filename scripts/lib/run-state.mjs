// The record of a running emulator suite, .cache/runs/offset-<N>.json: which script started it (pid and start
// time), the firebase CLI's pid and command, and the run id every process of the run carries (RUN_TAG). A
// later start reads it to tell a live run (its script still runs: the ports are busy) from one left behind
// (its script is gone: stop what is left and say so).
import fs from "node:fs";
import path from "node:path";
import { endRun, isSameProcess, processesOfRun, processInfo } from "./process-tree.mjs";

/** The state file of the suite on port offset `offset`. */
export function runStateFile(root, offset) {
  return path.join(root, ".cache/runs", `offset-${offset}.json`);
}

/** Writes the record of a run that has just started (`pid`: the firebase CLI, leader of its process group). */
export function recordRun(file, { runId, pid, command }) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const state = {
    runId,
    ownerPid: process.pid,
    ownerStart: processInfo(process.pid)?.start,
    ownerCommand: process.argv.join(" "),
    pid,
    pgid: pid,
    command,
    startedAt: new Date().toISOString(),
  };
  fs.writeFileSync(file, JSON.stringify(state, null, 2) + "\n");
}

/** Removes the record when it still describes run `runId`. */
export function clearRun(file, runId) {
  try {
    if (JSON.parse(fs.readFileSync(file, "utf8")).runId === runId) fs.rmSync(file);
  } catch {
    // no record, or an unreadable one a later start will replace
  }
}

function readRun(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/**
 * Looks at the recorded run of this port offset. A live one (its script still runs) is returned as
 * `{ live: state }` and left alone; processes of a run whose script is gone are ended and returned as
 * `{ stopped: [...processes], state }`; otherwise `{}`. The record of a finished run is removed.
 */
export async function stopLeftoverRun(file) {
  const state = readRun(file);
  if (!state) return {};
  if (isSameProcess(state.ownerPid, state.ownerStart)) return { live: state };
  const found = processesOfRun(state.runId);
  const stopped = found.length > 0 ? await endRun({ runId: state.runId, pgid: state.pgid }) : [];
  fs.rmSync(file, { force: true });
  return stopped.length > 0 ? { stopped, state } : {};
}

/** A one-line description of a process for messages: its pid and the start of its command. */
export function describeProcess(p) {
  const cmd = p.argv.join(" ");
  const what = /firestore/i.test(cmd)
    ? "Firestore emulator (java)"
    : /pubsub/i.test(cmd)
      ? "Pub/Sub emulator (java)"
      : /functionsEmulatorRuntime/.test(cmd)
        ? "function worker"
        : /firebase/.test(cmd)
          ? "firebase CLI"
          : cmd.slice(0, 60);
  return `${what} (pid ${p.pid})`;
}
