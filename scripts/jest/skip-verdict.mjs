#!/usr/bin/env node
// Judges a jest run's skips from the summary the reporter wrote (scripts/jest/summary-reporter.mjs):
//   node scripts/jest/skip-verdict.mjs [test-output/jest-summary.json]
// Prints "N passed, N failed, N skipped" and, on stderr, why a run fails on its skips. Exit code 1 when a test
// was skipped without a reason (only tests that need ../shared may skip, through libs/testing's describeShared
// and testShared), or when ../shared was present and a test that needs it skipped anyway; 2 when there is no
// summary. Used by .ci/run and by the test of the skip accounting.
import fs from "node:fs";
import path from "node:path";

const file = path.resolve(process.argv[2] ?? "test-output/jest-summary.json");
if (!fs.existsSync(file)) {
  console.error(`no jest summary at ${file}`);
  process.exit(2);
}
const s = JSON.parse(fs.readFileSync(file, "utf8"));
console.log(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
const problems = [];
for (const name of s.unexplainedSkips ?? []) problems.push(`skipped without a reason: ${name}`);
if (s.shared?.present && s.shared.skipped > 0)
  problems.push(`${s.shared.dir} exists, yet ${s.shared.skipped} test(s) that need it skipped`);
for (const p of problems) console.error(`skips: ${p}`);
process.exit(problems.length > 0 ? 1 : 0);
