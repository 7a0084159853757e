// Reading the firebase CLI's output (emulator and function logs) line by line, so `npm start` can keep it in a
// file and show only what matters: readiness, function executions, and errors as they happen. Pure functions.
import { stripVTControlCharacters } from "node:util";

/** One function log line as our services write it (libs/platform logging: JSON with `severity`), or null. */
function functionLog(line) {
  const start = line.indexOf("{");
  if (start < 0 || !/^\s*>/.test(line)) return null;
  try {
    const entry = JSON.parse(line.slice(start));
    return entry && typeof entry === "object" && typeof entry.severity === "string" ? entry : null;
  } catch {
    return null;
  }
}

/**
 * What one line of the firebase CLI's output is:
 * - `{ kind: "ready" }` when every emulator is up;
 * - `{ kind: "begin" | "finish", fn }` for a function execution starting or ending (`fn` as "us-central1-recordImage");
 * - `{ kind: "error", text }` for an error worth showing at once (a function's ERROR log, the CLI's own errors);
 * - `{ kind: "log", entry }` for another structured function log line;
 * - `{ kind: "other" }` for the rest.
 */
export function classifyLine(raw) {
  const line = stripVTControlCharacters(raw);
  if (line.includes("All emulators ready")) return { kind: "ready" };
  let m = /Beginning execution of "([^"]+)"/.exec(line);
  if (m) return { kind: "begin", fn: m[1] };
  m = /Finished "([^"]+)" in/.exec(line);
  if (m) return { kind: "finish", fn: m[1] };
  const entry = functionLog(line);
  if (entry) {
    if (entry.severity === "ERROR" || entry.severity === "CRITICAL") {
      const who = entry["logging.googleapis.com/labels"]?.service ?? entry.service ?? "function";
      const what = entry.image_id ?? entry.bucket_path ?? "";
      return { kind: "error", text: `${who}${what ? ` (${what})` : ""}: ${entry.message}` };
    }
    return { kind: "log", entry };
  }
  const text = line.trim();
  if (
    /^(!!|✖|Error:)/.test(text) ||
    /\bfunctions: Failed to|Unhandled error|FATAL|Exception in thread/.test(text)
  )
    return { kind: "error", text };
  return { kind: "other" };
}

/** Counts function executions from classified lines: begun and finished per function. */
export function createExecutionCounter() {
  const counts = new Map();
  const at = (fn) => counts.get(fn) ?? counts.set(fn, { begun: 0, finished: 0 }).get(fn);
  return {
    add(c) {
      if (c.kind === "begin") at(c.fn).begun++;
      if (c.kind === "finish") at(c.fn).finished++;
    },
    /** e.g. "rawFileUploaded ran 40 (0 running), recordImage ran 12 (4 running)" */
    summary() {
      return [...counts]
        .map(
          ([fn, c]) => `${fn.replace(/^[a-z0-9-]+-/, "")} ran ${c.begun} (${c.begun - c.finished} running)`,
        )
        .join(", ");
    },
    get(fn) {
      return counts.get(fn) ?? { begun: 0, finished: 0 };
    },
  };
}
