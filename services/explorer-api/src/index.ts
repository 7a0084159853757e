import { Storage } from "@google-cloud/storage";
import {
  createLogger,
  createObjectStore,
  firebaseApp,
  firestoreFor,
  functionOptions,
  lazy,
} from "@panoptes/platform";
import { onRequest } from "firebase-functions/v2/https";
import manifest from "../service.json";
import { createApp } from "./app";
import { parseConfig } from "./config";
import { MemoryObservationIndex } from "./memory-index";
import { createPixelReader } from "./pixels";

// The app and its clients are built on the first request (never at import), then reused.
const getApp = lazy(() => {
  const config = parseConfig();
  const db = firestoreFor(firebaseApp(config.GCLOUD_PROJECT));
  const log = createLogger({ service: manifest.name, level: config.LOG_LEVEL });
  const index =
    config.MEMORY_INDEX === "on"
      ? new MemoryObservationIndex(db, log, {
          maxAgeMs: config.MEMORY_INDEX_MAX_AGE_S * 1000,
          fullReloadMs: config.MEMORY_INDEX_FULL_RELOAD_S * 1000,
          maxRows: config.MEMORY_INDEX_MAX_ROWS,
        })
      : undefined;
  const store = createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT }));
  const pixels = createPixelReader(store, 1);
  return createApp({ config, db, log, pixels, store, ...(index ? { index } : {}) });
});

export const explorerApi = onRequest(functionOptions(manifest, "http"), (req, res) => getApp()(req, res));
