import { PubSub } from "@google-cloud/pubsub";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "./logging";
import { ensureTopics } from "./pubsub";
import { pushEndpoint } from "./push-endpoint";

/**
 * An HTTP server for Pub/Sub push deliveries (a Cloud Run service): `POST /` goes to `pushEndpoint` (the envelope
 * validated, the decoded message body handed to `handle`; 204 when it resolves, so Pub/Sub acknowledges, 503/500
 * when it rejects, so Pub/Sub redelivers with backoff up to the subscription's maximum delivery attempts, then the
 * dead-letter topic; 400 for a body that is not a push envelope, 405 for other methods). `GET /healthz` answers
 * 200. Authentication is Cloud Run's: the service does not allow unauthenticated calls, and the push
 * subscription presents an OIDC token of the invoker service account.
 */
export function createPushServer(handle: (body: unknown) => Promise<unknown>, logger: Logger): http.Server {
  const endpoint = pushEndpoint({ handle: (body) => handle(body), getDeps: () => undefined, logger });
  return http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    void endpoint(req, res);
  });
}

/** Listen on `port` (0: any free port) on `host`; resolves with the port. */
export function listen(server: http.Server, port: number, host = "0.0.0.0"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Runs `task` once per key at a time in this process: a second delivery of a message whose first
 * delivery is still being handled waits for it instead of doing the same work again.
 */
export function singleFlight<T>(): (key: string, task: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key, task) => {
    const existing = running.get(key);
    if (existing) return existing;
    const promise = task().finally(() => running.delete(key));
    running.set(key, promise);
    return promise;
  };
}

/** What a Cloud Run service's service.json says of its push subscription. */
export interface PushManifest {
  name: string;
  topics: readonly string[];
  trigger: { topic: string };
  deadLetterTopic: string;
  ackDeadlineSeconds: number;
  maxDeliveryAttempts: number;
}

/** A push service running locally behind its subscription on the Pub/Sub emulator. */
export interface LocalPushService<D> {
  readonly port: number;
  readonly endpoint: string;
  readonly subscription: string;
  readonly deps: D;
  close(): Promise<void>;
}

/**
 * Runs a Cloud Run push service as production does, on the emulators: `server` listening on 127.0.0.1:`port`
 * (0: any free port) and a push subscription `subscription` (default `<name>-push`, replaced if it exists) on the
 * manifest's trigger topic whose pushEndpoint is that server, with the manifest's ack deadline, dead-letter topic
 * and maximum delivery attempts. PUBSUB_EMULATOR_HOST must be set. `close()` deletes the subscription and stops
 * the server.
 */
export async function startLocalPushService<D>(options: {
  manifest: PushManifest;
  projectId: string;
  server: http.Server;
  deps: D;
  port?: number;
  subscription?: string;
}): Promise<LocalPushService<D>> {
  const { manifest, server } = options;
  const port = await listen(server, options.port ?? 0, "127.0.0.1");
  const endpoint = `http://127.0.0.1:${port}/`;
  const pubsub = new PubSub({ projectId: options.projectId });
  await ensureTopics(pubsub, [...manifest.topics, manifest.trigger.topic, manifest.deadLetterTopic]);
  const name = options.subscription ?? `${manifest.name}-push`;
  const settings = {
    pushConfig: { pushEndpoint: endpoint },
    ackDeadlineSeconds: manifest.ackDeadlineSeconds,
    deadLetterPolicy: {
      deadLetterTopic: pubsub.topic(manifest.deadLetterTopic).name,
      maxDeliveryAttempts: manifest.maxDeliveryAttempts,
    },
    retryPolicy: { minimumBackoff: { seconds: 1 }, maximumBackoff: { seconds: 10 } },
  };
  const [exists] = await pubsub.subscription(name).exists();
  if (exists) await pubsub.subscription(name).delete();
  await pubsub.topic(manifest.trigger.topic).createSubscription(name, settings);
  return {
    port,
    endpoint,
    subscription: name,
    deps: options.deps,
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
