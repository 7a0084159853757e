#!/usr/bin/env node
// `npm test`: lint, type checks and every jest test, the emulator tests with the emulator suite started and stopped
// around them. Extra arguments go to jest (`npm test -- libs/fits`); the emulators start only when one of the
// chosen test files is an emulator test. Exit code: non-zero when any step fails.
//
// Two streams run at once, since neither keeps both cores busy on its own:
//   emulators   the suite started (scripts/emulators.mjs exec), jest's `emulator` project (its output streams to
//               the terminal)
//   checks      eslint, prettier, tsc, vue-tsc, then jest's `unit` and `integration` projects (each step's
//               output is printed when it ends, so the two streams do not interleave line by line)
// The builds (service bundles, Data Explorer; only what changed) come first, before either stream: the integration project's deploy test builds the Data Explorer too, and
// must find it built rather than rebuild the folder Hosting serves. The two jest runs write their own summaries;
// test-output/jest-summary.json is their sum, judged by scripts/jest/skip-verdict.mjs as .ci/run does.
// PANOPTES_TEST_SERIAL=1 runs every step in turn (for a machine too loaded to run both streams).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureDependencies } from "./lib/ensure-deps.mjs";
import { mergeSummaries } from "./lib/jest-summaries.mjs";
import { shellLine } from "./lib/shell.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "test-output");
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Runs one step; `streamed` steps write to the terminal as they go, others are printed whole when they end. */
function step(name, cmd, args, { streamed = false, env = process.env } = {}) {
  const started = Date.now();
  const line = shellLine([cmd, ...args]);
  if (streamed) console.error(`\n== ${name}: ${line}`);
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env,
    stdio: streamed ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  let output = "";
  if (!streamed) for (const s of [child.stdout, child.stderr]) s.on("data", (d) => (output += d));
  return new Promise((resolve) =>
    child.on("close", (code) => {
      const ok = code === 0;
      const took = seconds(Date.now() - started);
      if (!streamed) console.error(`\n== ${name}: ${line}\n${output.trimEnd()}`.trimEnd());
      console.error(`== ${name}: ${ok ? "ok" : "FAILED"} in ${took}`);
      resolve({ name, ok, ms: Date.now() - started });
    }),
  );
}

/** Steps one after another; resolves with every result. */
async function inSequence(steps) {
  const results = [];
  for (const s of steps) results.push(await s());
  return results;
}

/** The test files jest would run for `args` in `project` (absolute paths). */
function listTests(project, args) {
  const res = spawnSync("npx", ["jest", "--listTests", ...args, "--selectProjects", project], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return res.stdout.split("\n").filter((l) => l.startsWith("/"));
}

async function main() {
  ensureDependencies(ROOT);
  const t0 = Date.now();
  const jestArgs = process.argv.slice(2);
  const everything = jestArgs.length === 0;
  fs.rmSync(path.join(OUT, "jest-summary.json"), { force: true });
  const summaries = {
    unit: path.join(OUT, "jest-summary-unit.json"),
    integration: path.join(OUT, "jest-summary-integration.json"),
    emulator: path.join(OUT, "jest-summary-emulator.json"),
  };
  for (const f of Object.values(summaries)) fs.rmSync(f, { force: true });

  const run = {
    unit: everything || listTests("unit", jestArgs).length > 0,
    integration: everything || listTests("integration", jestArgs).length > 0,
    emulator: everything || listTests("emulator", jestArgs).length > 0,
  };
  if (!run.unit && !run.integration && !run.emulator) {
    console.error(`no test file matches ${jestArgs.join(" ")}`);
    return 1;
  }
  // --selectProjects last: it takes every word after it as a project name
  const jest = (project) => ["jest", "--ci", ...jestArgs, "--selectProjects", project];
  const jestEnv = (project) => ({ ...process.env, PANOPTES_JEST_SUMMARY: summaries[project] });

  const results = [];
  if (run.emulator || run.integration)
    results.push(await step("build (services, Data Explorer)", "node", ["scripts/build.mjs", "--changed"]));
  const checks = everything
    ? [
        () => step("lint", "npx", ["eslint", "."]),
        () => step("format", "npx", ["prettier", "--check", "."]),
        () => step("types", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]),
        () =>
          step("types (Data Explorer, vue-tsc)", "npm", [
            "run",
            "--silent",
            "typecheck",
            "-w",
            "services/explorer",
          ]),
      ]
    : [];
  if (run.unit) checks.push(() => step("unit tests", "npx", jest("unit"), { env: jestEnv("unit") }));
  if (run.integration)
    checks.push(() => step("integration tests", "npx", jest("integration"), { env: jestEnv("integration") }));
  const emulatorTests = () =>
    step(
      "emulator tests (with emulators)",
      "node",
      ["scripts/emulators.mjs", "exec", shellLine(["npx", ...jest("emulator")])],
      // explorer-api's observation index answers as fresh as Firestore (in production it may be 10 s old): the
      // browser tests write documents and open the page at once, with the function instance warm from earlier files
      { streamed: true, env: { ...jestEnv("emulator"), MEMORY_INDEX_MAX_AGE_S: "0" } },
    );
  if (process.env.PANOPTES_TEST_SERIAL === "1") {
    // one step at a time, as before the two streams: for a machine too loaded for both
    results.push(...(await inSequence(run.emulator ? [...checks, emulatorTests] : checks)));
  } else {
    const streams = [inSequence(checks)];
    if (run.emulator) streams.push(emulatorTests().then((r) => [r]));
    results.push(...(await Promise.all(streams)).flat());
  }

  // "N passed, N failed, N skipped" over both jest runs, and a failure when a test skipped without a reason or
  // ../shared is present and a test that needs it skipped anyway (scripts/jest/skip-verdict.mjs, shared with .ci/run).
  const written = Object.values(summaries).filter((f) => fs.existsSync(f));
  if (written.length > 0) {
    const merged = mergeSummaries(written.map((f) => JSON.parse(fs.readFileSync(f, "utf8"))));
    fs.writeFileSync(path.join(OUT, "jest-summary.json"), JSON.stringify(merged, null, 1) + "\n");
    console.error(
      `\nslowest test files: ${merged.slowestFiles
        .slice(0, 5)
        .map((f) => `${f.file} ${f.seconds} s`)
        .join(", ")}`,
    );
    results.push(
      await step("skips", "node", ["scripts/jest/skip-verdict.mjs", path.join(OUT, "jest-summary.json")]),
    );
  }
  console.error(
    `\nsteps: ${results.map((r) => `${r.name} ${seconds(r.ms)}${r.ok ? "" : " FAILED"}`).join("; ")}\nnpm test: ${seconds(Date.now() - t0)}`,
  );
  const failedSteps = results.filter((r) => !r.ok).length;
  if (failedSteps > 0) console.error(`${failedSteps} step(s) failed`);
  return failedSteps === 0 ? 0 : 1;
}

process.exit(await main());
