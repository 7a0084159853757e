import { Storage } from "@google-cloud/storage";
import {
  createLogger,
  createObjectStore,
  firebaseApp,
  functionOptions,
  lazy,
  verifyCaller,
} from "@panoptes/platform";
import { onRequest } from "firebase-functions/v2/https";
import manifest from "../service.json";
import { parseConfig } from "./config";
import { type Deps, handleGetFitsHeader } from "./handler";

// Built on the first request, never at import.
const getDeps = lazy((): Deps => {
  const config = parseConfig();
  const app = firebaseApp(config.GCLOUD_PROJECT);
  return {
    store: createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT })),
    authenticate: (req) => verifyCaller(app, req),
    allowedOrigins: config.ALLOWED_ORIGINS,
    buckets: config.buckets,
    maxHeaderBytes: config.MAX_HEADER_BYTES,
    logger: createLogger({ service: manifest.name, level: config.LOG_LEVEL }),
  };
});

export const getFitsHeader = onRequest(functionOptions(manifest, "http"), async (req, res) =>
  handleGetFitsHeader(req, res, getDeps()),
);
