import { PubSub } from "@google-cloud/pubsub";
import { createLogger, createPublisher, firebaseApp, firestoreFor, lazy } from "@panoptes/platform";
import { onObjectFinalized } from "firebase-functions/v2/storage";
import manifest from "../service.json";
import { parseConfig } from "./config";
import { type Deps, handleObjectFinalized } from "./handler";

// Clients are built on the first event, not at import (deployment analysis and cold starts stay cheap).
const getDeps = lazy((): Deps => {
  const config = parseConfig();
  return {
    config,
    publisher: createPublisher(new PubSub({ projectId: config.GCLOUD_PROJECT })),
    db: firestoreFor(firebaseApp(config.GCLOUD_PROJECT)),
    logger: createLogger({ service: manifest.name, level: config.LOG_LEVEL }),
  };
});

export const rawFileUploaded = onObjectFinalized(
  {
    bucket: manifest.trigger.bucket,
    region: manifest.region,
    memory: manifest.memory as "256MiB",
    timeoutSeconds: manifest.timeoutSeconds,
    maxInstances: manifest.maxInstances,
    retry: manifest.retry,
  },
  async (event) => {
    await handleObjectFinalized(event.data, getDeps());
  },
);
