#!/usr/bin/env node
// npm run build: bundles every function service (esbuild) and builds the Data Explorer (Vite).
//   --changed   only what is older than its sources (what `npm start` and `npm test` do)
import { buildServices } from "./lib/build-services.mjs";
import { buildExplorer } from "./lib/build-explorer.mjs";

const onlyChanged = process.argv.includes("--changed");
await Promise.all([buildServices({ onlyChanged }), buildExplorer({ onlyChanged })]);
