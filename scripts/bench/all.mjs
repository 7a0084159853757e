#!/usr/bin/env node
// npm run bench: every `bench:*` script of the root package.json, one after another.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const scripts = Object.keys(
  JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts,
).filter((s) => s.startsWith("bench:"));
let failed = 0;
for (const s of scripts) {
  console.log(`\n### npm run ${s}\n`);
  const res = spawnSync("npm", ["run", "--silent", s], { cwd: ROOT, stdio: "inherit" });
  if (res.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
