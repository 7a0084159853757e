#!/usr/bin/env node
// Entry point of `npx panoptes`: runs the TypeScript CLI through tsx (no build step).
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../src/main.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
