/**
 * Jest for the whole monorepo: TypeScript through esbuild, tests under each package's test/ folder, in two
 * projects chosen by file name:
 * - `emulator`: `*.emulator.test.ts`, tests that talk to the Firebase/Google Cloud emulators (and so need Java);
 *   `npm test` starts the emulators around them.
 * - `unit`: every other `*.test.ts`; no emulators, no Java (`npm run test:unit`). The emulator variables are
 *   removed before each unit test file, so a test that needs an emulator fails there until it is named
 *   `*.emulator.test.ts`.
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
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, "\\.emulator\\.test\\.ts$"],
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
