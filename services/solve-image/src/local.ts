import { PubSub } from "@google-cloud/pubsub";
import { ensureTopics } from "@panoptes/platform";
import type http from "node:http";
import manifest from "../service.json";
import { parseConfig } from "./config";
import type { Deps } from "./handler";
import { listen } from "./push-server";
import { createDeps, createSolveImageServer } from "./service";

/** A solve-image server running locally with its push subscription on the Pub/Sub emulator. */
export interface LocalSolveImage {
  readonly port: number;
  readonly endpoint: string;
  readonly subscription: string;
  readonly deps: Deps;
  close(): Promise<void>;
}

/**
 * Runs solve-image as production does, on the emulators: an HTTP server on 127.0.0.1:`port` (0: any free
 * port) and a push subscription `subscription` on topic solve-image whose pushEndpoint is that server,
 * with the manifest's ack deadline, dead-letter topic and maximum delivery attempts. `env` must name the
 * emulators (PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST, STORAGE_EMULATOR_HOST). `wrap` may decorate
 * the dependencies (tests count solves). `close()` deletes the subscription and stops the server.
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
  const server: http.Server = createSolveImageServer(deps);
  const port = await listen(server, options.port ?? 0, "127.0.0.1");
  const endpoint = `http://127.0.0.1:${port}/`;
  const pubsub = new PubSub({ projectId: config.GCLOUD_PROJECT });
  await ensureTopics(pubsub, [...manifest.topics, manifest.trigger.topic, manifest.deadLetterTopic]);
  const name = options.subscription ?? `${manifest.name}-push`;
  const subscription = pubsub.subscription(name);
  const settings = {
    pushConfig: { pushEndpoint: endpoint },
    ackDeadlineSeconds: manifest.ackDeadlineSeconds,
    deadLetterPolicy: {
      deadLetterTopic: pubsub.topic(manifest.deadLetterTopic).name,
      maxDeliveryAttempts: manifest.maxDeliveryAttempts,
    },
    retryPolicy: { minimumBackoff: { seconds: 1 }, maximumBackoff: { seconds: 10 } },
  };
  const [exists] = await subscription.exists();
  if (exists) await subscription.delete();
  await pubsub.topic(manifest.trigger.topic).createSubscription(name, settings);
  return {
    port,
    endpoint,
    subscription: name,
    deps,
    close: async () => {
      await pubsub
        .subscription(name)
        .delete()
        .catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pubsub.close();
    },
  };
}
