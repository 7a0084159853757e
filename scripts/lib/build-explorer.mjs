// Builds the Data Explorer (services/explorer, Vite) into services/explorer/dist, which Hosting serves.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { newestMtime } from "./build-services.mjs";
import { ROOT } from "./firebase-config.mjs";

/**
 * Runs `vite build` for the explorer when it exists (with `onlyChanged`, only when a source, a library or the
 * lock file is newer than the built site); throws when the build fails.
 */
export async function buildExplorer({ log = console.error, onlyChanged = false } = {}) {
  const dir = path.join(ROOT, "services/explorer");
  if (!fs.existsSync(path.join(dir, "package.json"))) return;
  const built = path.join(dir, "dist/index.html");
  if (onlyChanged && fs.existsSync(built)) {
    const libs = fs.readdirSync(path.join(ROOT, "libs")).map((l) => path.join(ROOT, "libs", l, "src"));
    const inputs = [dir, ...libs, path.join(ROOT, "package-lock.json")];
    if (fs.statSync(built).mtimeMs > newestMtime(inputs)) {
      log("[build] Data Explorer unchanged");
      return;
    }
  }
  const started = Date.now();
  // Asynchronous, so the service bundles build meanwhile (prepare runs both at once).
  const res = await new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "build", "-w", "services/explorer"], { cwd: ROOT });
    let output = "";
    for (const s of [child.stdout, child.stderr]) s.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
  if (res.status !== 0) throw new Error(`building the Data Explorer failed:\n${res.output}`);
  log(`[build] Data Explorer in ${Date.now() - started} ms`);
}
