/** One jest configuration for the whole monorepo: TypeScript through esbuild, tests under each package's test/ folder. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>"],
  testMatch: ["**/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/.cache/"],
  transform: { "^.+\\.ts$": "<rootDir>/scripts/jest-esbuild-transform.mjs" },
  moduleNameMapper: {
    "^@panoptes/([a-z0-9-]+)$": "<rootDir>/libs/$1/src/index.ts",
  },
  testTimeout: 30000,
  globalSetup: "<rootDir>/test/global-setup.ts",
  reporters: ["default", ["<rootDir>/scripts/jest-summary-reporter.mjs", {}]],
};
