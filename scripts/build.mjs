#!/usr/bin/env node
// npm run build: bundles every function service (esbuild) and builds the Data Explorer (Vite).
import { buildServices } from "./lib/build-services.mjs";
import { buildExplorer } from "./lib/build-explorer.mjs";

await buildServices();
await buildExplorer();
