// `npm start` runs solve-image (a Cloud Run service) beside the emulators: scripts/dev/solve-image-local.ts serves
// it on a local port with a real push subscription on the Pub/Sub emulator. Without Debian's solve-field the
// rest runs and this says how to install it.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";

export const SOLVER_INSTALL = "sudo apt-get install astrometry.net astrometry-data-tycho2-10-19";

/** Starts solve-image; resolves to {endpoint, stop()} or null when solve-field is missing or it fails to start. */
export async function startSolveImage({ root, env, log, warn = log }) {
  if (spawnSync("solve-field", ["--help"], { stdio: "ignore" }).error) {
    warn(`solve-field is not installed, so frames are not plate-solved; to solve them: ${SOLVER_INSTALL}`);
    return null;
  }
  const child = spawn(
    path.join(root, "node_modules/.bin/tsx"),
    [path.join(root, "scripts/dev/solve-image-local.ts")],
    {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const endpoint = await new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
      for (const line of String(d).split("\n")) if (line) log(line);
    });
    child.stderr.on("data", (d) => {
      for (const line of String(d).split("\n")) if (line) log(line);
    });
    child.on("exit", () => resolve(null));
  });
  if (!endpoint) {
    warn("solve-image did not start (see the log); the rest runs without plate solving");
    return null;
  }
  return { endpoint, stop: () => child.kill("SIGTERM") };
}
