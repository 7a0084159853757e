import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import fs from "node:fs";
import path from "node:path";
import {
  createLogger,
  createObjectStore,
  createPublisher,
  firebaseApp,
  firestoreFor,
  functionOptions,
  lazy,
} from "@panoptes/platform";
import { createIndexStarCatalog } from "@panoptes/astrometry";
import { onRequest } from "firebase-functions/v2/https";
import manifest from "../service.json";
import { createApp } from "./app";
import { parseConfig } from "./config";
import { MemoryObservationIndex } from "./memory-index";
import { createCutoutReader } from "./cutouts";
import { offlineTargetResolver } from "./field-overlay";
import { createPixelReader } from "./pixels";

// In the deployed bundle the offline catalogue's files sit beside index.js (manifest "assets").
function bundledCatalogFiles(): { indexFile?: string; dataDir?: string } {
  const bundled = path.join(__dirname, "data");
  return {
    ...(fs.existsSync(path.join(bundled, "catalog-index.jsonl"))
      ? { indexFile: path.join(bundled, "catalog-index.jsonl") }
      : {}),
    ...(fs.existsSync(path.join(bundled, "stars.14.json")) ? { dataDir: bundled } : {}),
  };
}

// The overlay's Tycho-2 index: STAR_INDEX_FILE when set, else the copy bin/deploy bundles beside index.js (manifest
// "assets"), else the Debian path (the default of STAR_INDEX_FILE).
function starIndexFile(configured: string): string {
  const bundled = path.join(__dirname, "data", path.basename(configured));
  return process.env.STAR_INDEX_FILE === undefined && fs.existsSync(bundled) ? bundled : configured;
}

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
  const starIndex = starIndexFile(config.STAR_INDEX_FILE);
  const overlay = {
    stars: createIndexStarCatalog(starIndex),
    index: path.basename(starIndex).replace(/\.(littleendian\.)?fits$/, ""),
    resolveTarget: offlineTargetResolver(bundledCatalogFiles()),
  };
  const cutouts = createCutoutReader(store);
  const publisher = createPublisher(new PubSub({ projectId: config.GCLOUD_PROJECT }));
  return createApp({
    config,
    db,
    log,
    pixels,
    overlay,
    cutouts,
    publisher,
    store,
    ...(index ? { index } : {}),
  });
});

export const explorerApi = onRequest(functionOptions(manifest, "http"), (req, res) => getApp()(req, res));
