/**
 * process-observation for `npm start`: the Cloud Run service as a local HTTP server with a real push subscription
 * (`process-observation-push`) on the Pub/Sub emulator, and the processing schedule fired here (the Functions
 * emulator does not run schedules): scheduleProcessing every PANOPTES_SCHEDULE_SECONDS (default 60), finished
 * meaning no new image for QUIET_MINUTES (default 30). Needs the emulator host variables; runs until SIGTERM/SIGINT/SIGHUP or until
 * its stdin ends (its parent is gone).
 *   npx tsx scripts/dev/process-observation-local.ts [--port N]
 */
import { PubSub } from "@google-cloud/pubsub";
import { createPublisher } from "@panoptes/platform";
import { scheduleProcessing } from "@panoptes/processing";
import { parseConfig } from "../../services/schedule-processing/src/config";
import { startLocalProcessObservation } from "../../services/process-observation/src/local";
import { runUntilStopped } from "../lib/run-until-stopped";

async function main(): Promise<void> {
  const i = process.argv.indexOf("--port");
  const port = i >= 0 ? Number(process.argv[i + 1]) : 0;
  const every = Number(process.env.PANOPTES_SCHEDULE_SECONDS ?? 60);
  if (!(every > 0)) throw new Error(`PANOPTES_SCHEDULE_SECONDS must be positive, got ${every}`);
  const local = await startLocalProcessObservation({ env: process.env, port });
  const schedule = parseConfig(process.env);
  const publisher = createPublisher(new PubSub({ projectId: schedule.GCLOUD_PROJECT }));
  console.log(`process-observation listening on ${local.endpoint} (push subscription ${local.subscription})`);
  const tick = async () => {
    const t = await scheduleProcessing(local.deps.db, publisher, {
      now: new Date(),
      quietMinutes: schedule.QUIET_MINUTES,
      republishMinutes: schedule.REPUBLISH_MINUTES,
    });
    if (t.queued.length + t.republished.length > 0)
      console.log(`schedule: queued ${t.queued.length} run(s), republished ${t.republished.length}`);
  };
  const timer = setInterval(
    () => void tick().catch((err: unknown) => console.error(`schedule: ${(err as Error).message}`)),
    every * 1000,
  );
  runUntilStopped(() => {
    clearInterval(timer);
    return local.close();
  });
}

main().catch((err: unknown) => {
  console.error(`process-observation: ${(err as Error).message}`);
  process.exit(1);
});
