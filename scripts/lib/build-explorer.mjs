// Builds the Data Explorer (services/explorer, Vite) into services/explorer/dist, which Hosting serves.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./firebase-config.mjs";

/** Runs `vite build` for the explorer when it exists; throws when the build fails. */
export async function buildExplorer({ log = console.error } = {}) {
  const dir = path.join(ROOT, "services/explorer");
  if (!fs.existsSync(path.join(dir, "package.json"))) return;
  const started = Date.now();
  const res = spawnSync("npm", ["run", "--silent", "build", "-w", "services/explorer"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`building the Data Explorer failed:\n${res.stdout}\n${res.stderr}`);
  log(`[build] Data Explorer in ${Date.now() - started} ms`);
}
