// Jest reporter that writes the run's totals to test-output/jest-summary.json,
// so that .ci/run can print its own "N passed, N failed" line.
import fs from "node:fs";
import path from "node:path";

export default class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
    };
    const dir = path.join(this.rootDir, "test-output");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "jest-summary.json"), JSON.stringify(summary) + "\n");
  }
}
