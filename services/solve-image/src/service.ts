import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import { solveFrame } from "@panoptes/astrometry";
import {
  createLogger,
  createObjectStore,
  createPublisher,
  createPushServer,
  firebaseApp,
  firestoreFor,
  type Logger,
  PermanentError,
  singleFlight,
} from "@panoptes/platform";
import type http from "node:http";
import manifest from "../service.json";
import type { Config } from "./config";
import { type Deps, handleSolveImage } from "./handler";

/** The handler's dependencies from the configuration: Google clients, and solveFrame with the configured options. */
export function createDeps(config: Config): Deps {
  const store = createObjectStore(new Storage({ projectId: config.GCLOUD_PROJECT }));
  return {
    db: firestoreFor(firebaseApp(config.GCLOUD_PROJECT)),
    publisher: createPublisher(new PubSub({ projectId: config.GCLOUD_PROJECT })),
    logger: createLogger({ service: manifest.name, level: config.LOG_LEVEL }),
    readObject: async (bucket, path, generation) => {
      const info = await store.stat(bucket, path);
      if (info && info.size > config.MAX_IMAGE_BYTES) {
        throw new PermanentError(
          "too-large",
          `${bucket}/${path} has ${info.size} bytes, more than MAX_IMAGE_BYTES (${config.MAX_IMAGE_BYTES})`,
        );
      }
      return new Uint8Array(await store.read(bucket, path, generation));
    },
    solve: (frame) =>
      solveFrame(frame, {
        scale: config.SOLVE_SCALE,
        scaleTolerance: config.SOLVE_SCALE_TOLERANCE,
        hintRadius: config.SOLVE_HINT_RADIUS,
        cpuLimit: config.SOLVE_CPU_LIMIT,
        installation: { command: config.SOLVE_FIELD, indexDir: config.ASTROMETRY_INDEX_DIR },
      }),
  };
}

/** The solve-image HTTP server: Pub/Sub pushes in, one solve per image generation at a time. */
export function createSolveImageServer(deps: Deps, logger: Logger = deps.logger): http.Server {
  const once = singleFlight<Awaited<ReturnType<typeof handleSolveImage>>>();
  return createPushServer(async (body) => {
    const key =
      typeof body === "object" && body !== null
        ? JSON.stringify([
            (body as Record<string, unknown>).image_id,
            (body as Record<string, unknown>).generation,
          ])
        : "";
    return key === "" ? handleSolveImage(body, deps) : once(key, () => handleSolveImage(body, deps));
  }, logger);
}
