// Installs the npm dependencies when node_modules is missing or older than the lock file, so that
// `npm test` and `npm start` work on a fresh clone.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function ensureDependencies(root, log = console.error) {
  const marker = path.join(root, "node_modules/.package-lock.json");
  const lock = path.join(root, "package-lock.json");
  const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  log("[setup] installing npm dependencies (npm ci)...");
  const res = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (res.status !== 0) throw new Error("npm ci failed: see the output above");
}
