import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import {
  createLogger,
  createObjectStore,
  createPublisher,
  eventBody,
  firebaseApp,
  firestoreFor,
  lazy,
} from "@panoptes/platform";
import { onMessagePublished } from "firebase-functions/v2/pubsub";
import manifest from "../service.json";
import { parseConfig } from "./config";
import { type Deps, handleMakePreview } from "./handler";

// Clients are built on the first message, not at import.
const getDeps = lazy((): Deps => {
  const config = parseConfig();
  return {
    db: firestoreFor(firebaseApp(config.GCLOUD_PROJECT)),
    publisher: createPublisher(new PubSub({ projectId: config.GCLOUD_PROJECT })),
    logger: createLogger({ service: manifest.name, level: config.LOG_LEVEL }),
    store: createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT })),
    previewBucket: config.PREVIEW_BUCKET,
  };
});

export const makePreview = onMessagePublished(
  {
    topic: manifest.trigger.topic,
    region: manifest.region,
    memory: manifest.memory as "512MiB",
    timeoutSeconds: manifest.timeoutSeconds,
    maxInstances: manifest.maxInstances,
    retry: manifest.retry,
  },
  async (event) => {
    await handleMakePreview(eventBody(event.data.message.data), getDeps());
  },
);
