import { type Logger, pushEndpoint } from "@panoptes/platform";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP server for Pub/Sub push deliveries: `POST /` goes to libs/platform's `pushEndpoint` (the envelope
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
 * delivery is still being handled waits for it instead of solving the same frame again.
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
