// Jest reporter that writes the run's totals to test-output/jest-summary.json (or $PANOPTES_JEST_SUMMARY) and prints one line
// "N passed, N failed, N skipped" with the reason of every skip, so that `npm test` and `.ci/run` can report
// and judge skips. Tests that need ../shared go through libs/testing's describeShared/testShared: their titles
// carry SHARED_MARK and, when skipped, "skipped: <folder> not found; <reason>". Any other skip is unexplained.
import fs from "node:fs";
import path from "node:path";

// Keep in step with libs/testing/src/shared.ts (SHARED_MARK, SHARED_SKIP_PREFIX).
const SHARED_MARK = "[needs ../shared]";
const SHARED_SKIP_PREFIX = "skipped:";
/** How many of the slowest test files the summary names. */
const SLOWEST = Number(process.env.PANOPTES_JEST_SLOWEST ?? 10);

/** The reason a skipped test gives, from its titles (the test's own, then its describe blocks'). */
function skipReason(test) {
  for (const title of [test.title, ...[...test.ancestorTitles].reverse()]) {
    const at = title.indexOf(`${SHARED_MARK} ${SHARED_SKIP_PREFIX}`);
    if (at >= 0) return title.slice(at + SHARED_MARK.length + SHARED_SKIP_PREFIX.length + 2).trim();
  }
  return null;
}

/** Whether the test needs ../shared (SHARED_MARK in any of its titles), skipped or not. */
const needsShared = (test) => [test.title, ...test.ancestorTitles].some((t) => t.includes(SHARED_MARK));

export default class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const reasons = new Map();
    const unexplained = [];
    let sharedSkipped = 0;
    let sharedRan = 0;
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        const shared = needsShared(test);
        if (test.status !== "pending" && test.status !== "skipped" && test.status !== "todo") {
          if (shared) sharedRan++;
          continue;
        }
        const reason = shared ? skipReason(test) : null;
        if (shared) sharedSkipped++;
        if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        else unexplained.push(`${path.relative(this.rootDir, file.testFilePath)}: ${test.fullName}`);
      }
    }
    const sharedDir = process.env.PANOPTES_SHARED_DIR
      ? path.resolve(process.env.PANOPTES_SHARED_DIR)
      : path.resolve(this.rootDir, "../shared");
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
      // the folder as libs/testing's sharedDir() resolves it, and whether it existed for this run
      shared: { dir: sharedDir, present: fs.existsSync(sharedDir), ran: sharedRan, skipped: sharedSkipped },
      skipReasons: Object.fromEntries(reasons),
      unexplainedSkips: unexplained,
      // wall seconds of the slowest test files, to see where a run's time goes
      slowestFiles: results.testResults
        .map((f) => ({
          file: path.relative(this.rootDir, f.testFilePath),
          seconds: Math.round((f.perfStats.end - f.perfStats.start) / 100) / 10,
        }))
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, SLOWEST),
    };
    const file =
      process.env.PANOPTES_JEST_SUMMARY || path.join(this.rootDir, "test-output/jest-summary.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(summary, null, 1) + "\n");
    const lines = [`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`];
    for (const [reason, n] of reasons) lines.push(`  skipped ${n}: ${reason}`);
    for (const name of unexplained) lines.push(`  skipped without a reason: ${name}`);
    lines.push(
      `  slowest files: ${summary.slowestFiles
        .slice(0, 5)
        .map((f) => `${f.file} ${f.seconds} s`)
        .join(", ")}`,
    );
    process.stderr.write(`\n${lines.join("\n")}\n`);
  }
}
