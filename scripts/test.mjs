#!/usr/bin/env node
// `npm test`: lint, type checks, then every jest test with the emulator suite started and stopped around it.
// Extra arguments go to jest (`npm test -- libs/fits`). Exit code: non-zero when any step fails.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureDependencies } from "./lib/ensure-deps.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

function step(name, cmd, args) {
  console.error(`\n== ${name}: ${[cmd, ...args].join(" ")}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit" });
  const ok = res.status === 0;
  console.error(`== ${name}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

function main() {
  ensureDependencies(ROOT);
  const jestArgs = process.argv.slice(2);
  fs.rmSync(path.join(ROOT, "test-output/jest-summary.json"), { force: true });
  const results = [];
  if (jestArgs.length === 0) {
    results.push(step("lint", "npx", ["eslint", "."]));
    results.push(step("format", "npx", ["prettier", "--check", "."]));
    results.push(step("types", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]));
    results.push(
      step("types (Data Explorer, vue-tsc)", "npm", [
        "run",
        "--silent",
        "typecheck",
        "-w",
        "services/explorer",
      ]),
    );
  }
  const jest = ["npx", "jest", "--ci", ...jestArgs]
    .map((a) => (/[^\w./=:@-]/.test(a) ? `'${a}'` : a))
    .join(" ");
  results.push(step("tests (with emulators)", "node", ["scripts/emulators.mjs", "exec", jest]));
  // "N passed, N failed, N skipped", and a failure when a test skipped without a reason or ../shared is present
  // and a test that needs it skipped anyway (scripts/jest-skip-verdict.mjs, shared with .ci/run).
  const summaryFile = path.join(ROOT, "test-output/jest-summary.json");
  if (fs.existsSync(summaryFile)) {
    results.push(step("skips", "node", ["scripts/jest-skip-verdict.mjs", summaryFile]));
  }
  const failedSteps = results.filter((ok) => !ok).length;
  if (failedSteps > 0) console.error(`${failedSteps} step(s) failed`);
  return failedSteps === 0 ? 0 : 1;
}

process.exit(main());
