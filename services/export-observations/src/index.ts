import { Storage } from "@google-cloud/storage";
import {
  createLogger,
  createObjectStore,
  firebaseApp,
  firestoreFor,
  functionOptions,
  lazy,
} from "@panoptes/platform";
import { onSchedule } from "firebase-functions/v2/scheduler";
import manifest from "../service.json";
import { parseConfig } from "./config";
import { type Deps, handleExportObservations } from "./handler";

const deps = lazy((): Deps => {
  const config = parseConfig();
  return {
    db: firestoreFor(firebaseApp(config.GCLOUD_PROJECT)),
    store: createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT })),
    bucket: config.EXPORT_BUCKET,
    logger: createLogger({ service: manifest.name, level: config.LOG_LEVEL }),
  };
});

export const exportObservations = onSchedule(functionOptions(manifest, "schedule"), async () => {
  await handleExportObservations(deps());
});
