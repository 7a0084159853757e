import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import { type CatalogIndex, loadCatalog } from "@panoptes/lookup";
import {
  createLogger,
  createObjectStore,
  createPublisher,
  firebaseApp,
  createPushServer,
  firestoreFor,
  type Logger,
} from "@panoptes/platform";
import { fieldCatalogue } from "@panoptes/processing";
import type http from "node:http";
import manifest from "../service.json";
import type { Config } from "./config";
import { type Deps, handleProcessObservation } from "./handler";

/** The handler's dependencies from the configuration: Google clients, the catalogue readers. */
export function createDeps(config: Config): Deps {
  const logger = createLogger({ service: manifest.name, level: config.LOG_LEVEL });
  let lookup: Promise<CatalogIndex | null> | null = null;
  return {
    db: firestoreFor(firebaseApp(config.GCLOUD_PROJECT)),
    publisher: createPublisher(new PubSub({ projectId: config.GCLOUD_PROJECT })),
    logger,
    store: createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT })),
    rawBucket: config.RAW_BUCKET,
    processedBucket: config.PROCESSED_BUCKET,
    maxImageBytes: config.MAX_IMAGE_BYTES,
    maxMag: config.MAX_MAG,
    staleMs: config.RUN_STALE_MINUTES * 60_000,
    catalogue: (region) => fieldCatalogue({ indexDir: config.ASTROMETRY_INDEX_DIR, ...region }),
    lookup: () => {
      if (config.LOOKUP_FIELD_NAMES === "off") return Promise.resolve(null);
      // Loaded once per instance; a catalogue that cannot be read only costs the target its name.
      lookup ??= loadCatalog().catch((err: unknown) => {
        logger.warn(`offline catalogue unavailable, targets chosen by position: ${(err as Error).message}`);
        return null;
      });
      return lookup;
    },
  };
}

/**
 * The process-observation HTTP server (libs/platform createPushServer): Pub/Sub pushes in, one run at a time per
 * instance (concurrency 1 in service.json).
 */
export function createProcessObservationServer(deps: Deps, logger: Logger = deps.logger): http.Server {
  return createPushServer((body) => handleProcessObservation(body, deps), logger);
}
