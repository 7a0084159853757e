/**
 * Jest for the whole monorepo: TypeScript through esbuild, tests under each package's test/ folder, in three
 * projects chosen by file name:
 * - `emulator`: `*.emulator.test.ts`, tests that talk to the Firebase/Google Cloud emulators (and so need Java);
 *   `npm test` starts the emulators around them.
 * - `integration`: `*.integration.test.ts`, tests that run whole programs, seconds each, and need none of the
 *   shared emulators: solve-field on generated sky, dcraw and fpack on full frames, the demo transit sequence,
 *   every `bin/deploy --dry-run`, and the harness's no-orphans test, which starts emulator suites of its own (so
 *   it alone needs Java). `npm test` runs them beside the emulator project; `npm run test:integration`.
 * - `unit`: every other `*.test.ts`; fast, no emulators, no Java (`npm run test:unit`).
 * The emulator variables are removed before each unit and integration test file, so a test that needs an
 * emulator fails there until it is named `*.emulator.test.ts`.
 */
const shared = {
  testEnvironment: "node",
  rootDir: __dirname,
  roots: ["<rootDir>"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/.cache/"],
  // not crawled for modules: built bundles (their package.json names collide with .cache/deploy's), caches, outputs
  modulePathIgnorePatterns: [
    "<rootDir>/(libs|services)/[^/]+/dist/",
    "<rootDir>/.cache/",
    "<rootDir>/test-output/",
  ],
  transform: { "^.+\\.ts$": "<rootDir>/scripts/jest/esbuild-transform.mjs" },
  moduleNameMapper: {
    "^@panoptes/([a-z0-9-]+)$": "<rootDir>/libs/$1/src/index.ts",
  },
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  reporters: ["default", ["<rootDir>/scripts/jest/summary-reporter.mjs", {}]],
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["**/test/**/*.test.ts"],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, "\\.(emulator|integration)\\.test\\.ts$"],
      setupFiles: ["<rootDir>/scripts/jest/unit-setup.cjs"],
    },
    {
      ...shared,
      displayName: "integration",
      testMatch: ["**/test/**/*.integration.test.ts"],
      setupFiles: ["<rootDir>/scripts/jest/unit-setup.cjs"],
    },
    {
      ...shared,
      displayName: "emulator",
      testMatch: ["**/test/**/*.emulator.test.ts"],
      globalSetup: "<rootDir>/test/global-setup.ts",
    },
  ],
};
