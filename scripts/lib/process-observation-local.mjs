// `npm start` runs process-observation (a Cloud Run service) beside the emulators, as it runs solve-image:
// scripts/dev/process-observation-local.ts serves it on a local port behind a real push subscription on the Pub/Sub
// emulator and fires the processing schedule every minute.
import { startLocalService } from "./local-service.mjs";

/** Starts process-observation; resolves to {endpoint, stop()} or null when it fails to start. */
export async function startProcessObservation({ root, env, log, warn = log }) {
  const service = await startLocalService({ root, script: "dev/process-observation-local.ts", env, log });
  if (!service) warn("process-observation did not start (see the log); observations are not processed");
  return service;
}
