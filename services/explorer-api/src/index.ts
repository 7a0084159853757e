import { Storage } from "@google-cloud/storage";
import { createLogger, createObjectStore, firebaseApp, firestoreFor } from "@panoptes/platform";
import { onRequest } from "firebase-functions/v2/https";
import manifest from "../service.json";
import { createApp } from "./app";
import { parseConfig } from "./config";
import { MemoryObservationIndex } from "./memory-index";
import { createPixelReader } from "./pixels";

type Handler = ReturnType<typeof createApp>;

/** Builds the app and its clients on the first request (never at import), then reuses them. */
function appOnce(): () => Handler {
  let app: Handler | undefined;
  return () => {
    if (!app) {
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
      const pixels = createPixelReader(
        createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT })),
        1,
      );
      app = createApp({ config, db, log, pixels, ...(index ? { index } : {}) });
    }
    return app;
  };
}

const getApp = appOnce();

export const explorerApi = onRequest(
  {
    region: manifest.region,
    memory: manifest.memory as "256MiB",
    timeoutSeconds: manifest.timeoutSeconds,
    maxInstances: manifest.maxInstances,
    invoker: manifest.trigger.public ? "public" : "private",
  },
  (req, res) => getApp()(req, res),
);
