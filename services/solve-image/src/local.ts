import { type LocalPushService, startLocalPushService } from "@panoptes/platform";
import manifest from "../service.json";
import { parseConfig } from "./config";
import type { Deps } from "./handler";
import { createDeps, createSolveImageServer } from "./service";

/** A solve-image server running locally with its push subscription on the Pub/Sub emulator. */
export type LocalSolveImage = LocalPushService<Deps>;

/**
 * Runs solve-image as production does, on the emulators (libs/platform startLocalPushService): an HTTP server on
 * 127.0.0.1:`port` (0: any free port) behind a push subscription `subscription` on topic solve-image. `env` must name
 * the emulators (PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST, STORAGE_EMULATOR_HOST). `wrap` may decorate the
 * dependencies (tests count calls). `close()` deletes the subscription and stops the server.
 */
export async function startLocalSolveImage(options: {
  env: Record<string, string | undefined>;
  port?: number;
  subscription?: string;
  wrap?: (deps: Deps) => Deps;
}): Promise<LocalSolveImage> {
  const config = parseConfig(options.env);
  const base = createDeps(config);
  const deps = options.wrap ? options.wrap(base) : base;
  return startLocalPushService({
    manifest,
    projectId: config.GCLOUD_PROJECT,
    server: createSolveImageServer(deps),
    deps,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.subscription !== undefined ? { subscription: options.subscription } : {}),
  });
}
