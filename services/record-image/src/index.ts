import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import { createImageRecorder } from "@panoptes/ingest";
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
import { type Deps, handleRecordImage } from "./handler";
import { headerReader } from "./read-header";

// Clients are built on the first message, not at import.
const getDeps = lazy((): Deps => {
  const config = parseConfig();
  const store = createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT }));
  const db = firestoreFor(firebaseApp(config.GCLOUD_PROJECT));
  return {
    db,
    publisher: createPublisher(new PubSub({ projectId: config.GCLOUD_PROJECT })),
    logger: createLogger({ service: manifest.name, level: config.LOG_LEVEL }),
    // One group commit per instance: concurrent messages of a unit share a transaction.
    recorder: createImageRecorder(db),
    readHeader: headerReader(store, config.MAX_HEADER_BYTES),
    recordedImageTopics: config.RECORDED_IMAGE_TOPICS,
  };
});

export const recordImage = onMessagePublished(
  {
    topic: manifest.trigger.topic,
    region: manifest.region,
    memory: manifest.memory as "256MiB",
    timeoutSeconds: manifest.timeoutSeconds,
    maxInstances: manifest.maxInstances,
    // Many messages per instance at once, so the group commit can batch them (see createImageRecorder).
    cpu: manifest.cpu,
    concurrency: manifest.concurrency,
    retry: manifest.retry,
  },
  async (event) => {
    await handleRecordImage(eventBody(event.data.message.data), getDeps());
  },
);
