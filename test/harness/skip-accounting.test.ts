import { REPO_ROOT } from "@panoptes/testing";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The skip accounting, end to end: a child jest runs test/harness/samples/needs-shared.sample.ts with the shared
 * helper pointed (PANOPTES_SHARED_DIR) at a folder that does not exist, then at one that exists but lacks a file a
 * test needs; the summary the reporter writes and the verdict .ci/run takes from it (scripts/jest/skip-verdict.mjs)
 * are read back.
 */
interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  shared: { present: boolean; ran: number; skipped: number };
  skipReasons: Record<string, number>;
  unexplainedSkips: string[];
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "skip-accounting-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs the named samples (test/harness/samples/<name>.sample.ts) in a child jest with ../shared at `sharedDir`. */
function runSamples(
  sharedDir: string,
  samples: string[],
): { summary: Summary; verdict: { status: number | null; stderr: string }; line: string } {
  const summaryFile = path.join(work, `summary-${path.basename(sharedDir)}.json`);
  const config = {
    rootDir: REPO_ROOT,
    roots: ["<rootDir>/test/harness/samples", "<rootDir>/libs/testing/src"],
    testEnvironment: "node",
    testMatch: samples.map((name) => `<rootDir>/test/harness/samples/${name}.sample.ts`),
    transform: { "^.+\\.ts$": "<rootDir>/scripts/jest/esbuild-transform.mjs" },
    reporters: [["<rootDir>/scripts/jest/summary-reporter.mjs", {}]],
  };
  const env = { ...process.env, PANOPTES_SHARED_DIR: sharedDir, PANOPTES_JEST_SUMMARY: summaryFile };
  const jest = spawnSync(
    process.execPath,
    [require.resolve("jest/bin/jest"), "--ci", "--config", JSON.stringify(config)],
    { cwd: REPO_ROOT, env, encoding: "utf8" },
  );
  expect({ status: jest.status, stderr: jest.status === 0 ? "" : jest.stderr }).toEqual({
    status: 0,
    stderr: "",
  });
  const summary = JSON.parse(fs.readFileSync(summaryFile, "utf8")) as Summary;
  const verdict = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, "scripts/jest/skip-verdict.mjs"), summaryFile],
    {
      env,
      encoding: "utf8",
    },
  );
  return { summary, verdict, line: verdict.stdout.trim() };
}

describe("skip accounting", () => {
  it("counts tests that need ../shared as skipped, with their reasons, when it is absent; CI accepts that", () => {
    const missing = path.join(work, "no-such-shared");
    const { summary, verdict, line } = runSamples(missing, ["needs-shared"]);
    expect(summary).toMatchObject({ passed: 1, failed: 0, skipped: 2 });
    expect(summary.shared).toMatchObject({ present: false, ran: 0, skipped: 2 });
    expect(summary.unexplainedSkips).toEqual([]);
    expect(Object.keys(summary.skipReasons).sort()).toEqual([
      `${missing} not found; sample reason: real files`,
      `${path.join(missing, "sample.txt")} not found; sample reason: one real file`,
    ]);
    expect(line).toBe("1 passed, 0 failed, 2 skipped");
    expect(verdict.status).toBe(0);
  }, 120000);

  it("runs them when ../shared exists, and fails CI on one that skipped anyway and on a skip without a reason", () => {
    const partial = path.join(work, "shared-without-sample");
    fs.mkdirSync(partial, { recursive: true });
    const { summary, verdict, line } = runSamples(partial, ["needs-shared", "plain-skip"]);
    expect(summary).toMatchObject({ passed: 3, failed: 0, skipped: 2 });
    expect(summary.shared).toMatchObject({ present: true, ran: 1, skipped: 1 });
    expect(summary.unexplainedSkips).toEqual([
      "test/harness/samples/plain-skip.sample.ts: is skipped for no stated reason",
    ]);
    expect(line).toBe("3 passed, 0 failed, 2 skipped");
    expect(verdict.status).toBe(1);
    expect(verdict.stderr).toMatch(/exists, yet 1 test\(s\) that need it skipped/);
    expect(verdict.stderr).toMatch(/skipped without a reason: .*plain-skip/);
  }, 120000);
});
