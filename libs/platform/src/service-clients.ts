import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import type { BaseConfig } from "./config";
import { firebaseApp } from "./firebase-app";
import { firestoreFor } from "./firestore";
import { createLogger } from "./logging";
import type { MessageDeps } from "./object-message";
import { createPublisher } from "./pubsub";
import { createObjectStore, type ObjectStore } from "./storage";

/**
 * The clients a pipeline service works with, for its project and log level: Firestore, a Pub/Sub publisher, a
 * JSON logger labelled `service`, and Cloud Storage. Building them opens no connection; call it inside a
 * binding's lazy() (never at import).
 */
export function pipelineClients(
  config: Pick<BaseConfig, "GCLOUD_PROJECT" | "LOG_LEVEL">,
  service: string,
): Required<Omit<MessageDeps, "now">> & { store: ObjectStore } {
  return {
    db: firestoreFor(firebaseApp(config.GCLOUD_PROJECT)),
    publisher: createPublisher(new PubSub({ projectId: config.GCLOUD_PROJECT })),
    logger: createLogger({ service, level: config.LOG_LEVEL }),
    store: createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT })),
  };
}
