import { PubSub } from "@google-cloud/pubsub";
import {
  createLogger,
  createPublisher,
  firebaseApp,
  firestoreFor,
  functionOptions,
  lazy,
} from "@panoptes/platform";
import { scheduleProcessing } from "@panoptes/processing";
import { onSchedule } from "firebase-functions/v2/scheduler";
import manifest from "../service.json";
import { parseConfig } from "./config";

const deps = lazy(() => {
  const config = parseConfig();
  return {
    config,
    db: firestoreFor(firebaseApp(config.GCLOUD_PROJECT)),
    publisher: createPublisher(new PubSub({ projectId: config.GCLOUD_PROJECT })),
    logger: createLogger({ service: manifest.name, level: config.LOG_LEVEL }),
  };
});

// Cloud Scheduler fires this every 10 minutes (the Functions emulator does not: `npm start` calls
// scheduleProcessing itself, see scripts/lib/process-observation-local.mjs).
export const scheduleProcessingRuns = onSchedule(functionOptions(manifest, "schedule"), async () => {
  const { config, db, publisher, logger } = deps();
  const tick = await scheduleProcessing(db, publisher, {
    now: new Date(),
    quietMinutes: config.QUIET_MINUTES,
    republishMinutes: config.REPUBLISH_MINUTES,
  });
  logger.info("schedule tick", {
    queued: tick.queued.length,
    republished: tick.republished.length,
    skipped: tick.skipped.length,
  });
});
