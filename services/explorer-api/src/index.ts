import { createLogger, firebaseApp, firestoreFor } from "@panoptes/platform";
import { onRequest } from "firebase-functions/v2/https";
import manifest from "../service.json";
import { createApp } from "./app";
import { parseConfig } from "./config";

type Handler = ReturnType<typeof createApp>;

/** Builds the app and its clients on the first request (never at import), then reuses them. */
function appOnce(): () => Handler {
  let app: Handler | undefined;
  return () => {
    if (!app) {
      const config = parseConfig();
      app = createApp({
        config,
        db: firestoreFor(firebaseApp(config.GCLOUD_PROJECT)),
        log: createLogger({ service: manifest.name, level: config.LOG_LEVEL }),
      });
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
