// Finding and ending the processes of one local run, whatever became of their parents.
// The firebase CLI starts each Java emulator detached (a process group and session of its own), so a signal to
// the CLI's group does not reach them, and once the CLI is gone they are children of init. Every process of a
// run therefore carries the run's id in its environment (children inherit it: the CLI passes process.env to
// the Java emulators, the function workers and the exec command), and a run is ended by that tag.
// Linux /proc only; elsewhere the tag cannot be read and only the CLI's process group is signalled.
import fs from "node:fs";

/** The environment variable that tags every process of a run. */
export const RUN_TAG = "PANOPTES_RUN_ID";

const HAS_PROC = fs.existsSync("/proc/self/stat");

/**
 * What /proc says about one process: parent, process group, start time (clock ticks since boot) and argv;
 * null when it does not exist (or this is not Linux).
 */
export function processInfo(pid) {
  if (!HAS_PROC) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    if (f[0] === "Z") return null; // a zombie holds no ports and cannot be signalled away
    return { pid, ppid: Number(f[1]), pgid: Number(f[2]), start: Number(f[19]), argv };
  } catch {
    return null;
  }
}

function allPids() {
  if (!HAS_PROC) return [];
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

function runIdOf(pid) {
  try {
    const env = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
    const entry = env.split("\0").find((e) => e.startsWith(`${RUN_TAG}=`));
    return entry ? entry.slice(RUN_TAG.length + 1) : null;
  } catch {
    return null;
  }
}

/** Live processes tagged with `runId` (see RUN_TAG), excluding `except` (pids), each with its argv. */
export function processesOfRun(runId, { except = [] } = {}) {
  const out = [];
  for (const pid of allPids()) {
    if (pid === process.pid || except.includes(pid) || runIdOf(pid) !== runId) continue;
    const info = processInfo(pid);
    if (info) out.push(info);
  }
  return out;
}

/** True when `pid` is alive and (when `start` is given) is the same process that started at `start`. */
export function isSameProcess(pid, start) {
  if (!HAS_PROC) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  const info = processInfo(pid);
  return info !== null && (start === undefined || info.start === start);
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Ends every process of a run: SIGTERM to the CLI's process group and to every tagged process, then SIGKILL to
 * whatever is left after `graceMs`. Resolves with the processes that were found (empty when none was).
 */
export async function endRun({ runId, pgid, graceMs = 3000, except = [] }) {
  const found = runId ? processesOfRun(runId, { except }) : [];
  if (pgid) signal(-pgid, "SIGTERM");
  for (const p of found) signal(p.pid, "SIGTERM");
  const left = () =>
    (runId ? processesOfRun(runId, { except }) : []).concat(pgid && signal(-pgid, 0) ? [{ pid: -pgid }] : []);
  const until = Date.now() + graceMs;
  while (left().length > 0 && Date.now() < until) await sleep(100);
  for (const p of left()) signal(p.pid, "SIGKILL");
  return found;
}

/**
 * The processes whose death means this one should stop: the parent and, up the tree, every `node` process (npm,
 * a test runner) or shell started by one, up to the first other process (the user's shell, init). Killing
 * `npm start` with SIGKILL leaves its script running under init; watching npm too is how the script notices.
 */
export function ancestorsToWatch(pid = process.pid) {
  const out = [];
  let info = processInfo(pid);
  const isNode = (i) => i.argv[0] !== undefined && /(^|\/)node(js)?$/.test(i.argv[0]);
  const isShell = (i) => i.argv[0] !== undefined && /(^|\/)(sh|dash|bash)$/.test(i.argv[0]);
  while (info && info.ppid > 1) {
    const parent = processInfo(info.ppid);
    if (!parent) break;
    const grand = processInfo(parent.ppid);
    const ours = isNode(parent) || (isShell(parent) && grand !== null && isNode(grand));
    if (!ours && out.length > 0) break;
    out.push({ pid: parent.pid, start: parent.start });
    if (!ours) break;
    info = parent;
  }
  if (!HAS_PROC) out.push({ pid: process.ppid, start: undefined });
  return out;
}

/**
 * Calls `onGone(pid)` once when any of `ancestorsToWatch()` exits (checked every `intervalMs`); returns a
 * function that stops watching. The timer does not keep the process alive.
 */
export function watchAncestors(onGone, { intervalMs = 500 } = {}) {
  const watched = ancestorsToWatch();
  const timer = setInterval(() => {
    const gone = watched.find((a) => !isSameProcess(a.pid, a.start));
    if (gone) {
      clearInterval(timer);
      onGone(gone.pid);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
