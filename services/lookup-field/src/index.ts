import { createResolver, createSesameClient, loadCatalog, type Resolve } from "@panoptes/lookup";
import {
  createLogger,
  firebaseApp,
  firestoreFor,
  functionOptions,
  lazy,
  verifyCaller,
} from "@panoptes/platform";
import { onRequest } from "firebase-functions/v2/https";
import fs from "node:fs";
import path from "node:path";
import manifest from "../service.json";
import { parseConfig } from "./config";
import { firestoreCache, firestoreNetworkFields } from "./firestore-lookups";
import { type Deps, handleLookup } from "./handler";

// Built on the first request (the catalogue loads once per instance, ~0.1 s), never at import.
const getDeps = lazy(async (): Promise<Deps> => {
  const config = parseConfig();
  const app = firebaseApp(config.GCLOUD_PROJECT);
  const db = firestoreFor(app);
  const logger = createLogger({ service: manifest.name, level: config.LOG_LEVEL });
  // In the deployed bundle the catalogue files sit beside index.js (manifest "assets").
  const bundled = path.join(__dirname, "data");
  const catalog = await loadCatalog({
    indexFile:
      config.CATALOG_INDEX_FILE ??
      (fs.existsSync(path.join(bundled, "catalog-index.jsonl"))
        ? path.join(bundled, "catalog-index.jsonl")
        : undefined),
    dataDir:
      config.CATALOG_DATA_DIR ?? (fs.existsSync(path.join(bundled, "stars.14.json")) ? bundled : undefined),
  });
  const resolve: Resolve = createResolver({
    catalog,
    networkFields: firestoreNetworkFields(db),
    sesame: config.SESAME_ENABLED
      ? createSesameClient({ mirrors: config.SESAME_URLS, timeoutMs: config.SESAME_TIMEOUT_MS })
      : undefined,
    cache: firestoreCache(db, config.CACHE_TTL_DAYS),
    onCacheError: (err, op) => logger.warn(`lookup cache ${op} failed: ${(err as Error).message}`),
  });
  return {
    resolve,
    authenticate: (req) => verifyCaller(app, req),
    allowedOrigins: config.ALLOWED_ORIGINS,
    logger,
  };
});

export const lookupField = onRequest(functionOptions(manifest, "http"), async (req, res) =>
  handleLookup(req, res, await getDeps()),
);
