// `npm start` runs solve-image (a Cloud Run service) beside the emulators: scripts/dev/solve-image-local.ts serves
// it on a local port with a real push subscription on the Pub/Sub emulator. Without Debian's solve-field the
// rest runs and this says how to install it.
import { spawnSync } from "node:child_process";
import { startLocalService } from "./local-service.mjs";

export const SOLVER_INSTALL = "sudo apt-get install astrometry.net astrometry-data-tycho2-10-19";

/** Starts solve-image; resolves to {endpoint, stop()} or null when solve-field is missing or it fails to start. */
export async function startSolveImage({ root, env, log, warn = log }) {
  if (spawnSync("solve-field", ["--help"], { stdio: "ignore" }).error) {
    warn(`solve-field is not installed, so frames are not plate-solved; to solve them: ${SOLVER_INSTALL}`);
    return null;
  }
  const service = await startLocalService({ root, script: "dev/solve-image-local.ts", env, log });
  if (!service) warn("solve-image did not start (see the log); the rest runs without plate solving");
  return service;
}
