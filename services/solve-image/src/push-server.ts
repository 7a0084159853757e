import { errorInfo, eventBody, type Logger } from "@panoptes/platform";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/** The body Pub/Sub POSTs to a push endpoint (the same in production and on the emulator). */
export const PushEnvelope = z.object({
  message: z.object({
    /** base64 JSON */
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
    publishTime: z.string().optional(),
  }),
  subscription: z.string().optional(),
  deliveryAttempt: z.number().optional(),
});
export type PushEnvelope = z.infer<typeof PushEnvelope>;

/** The largest push body accepted (Pub/Sub messages are at most 10 MB; ours are ~1 kB). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An HTTP server for Pub/Sub push deliveries: `POST /` with a push envelope calls `handle` with the
 * decoded message body and answers 204 (Pub/Sub acknowledges) when it returns, 500 when it throws
 * (Pub/Sub redelivers with backoff, up to the subscription's maximum delivery attempts, then the
 * dead-letter topic). A body that is not a push envelope is 400. `GET /healthz` answers 200.
 * Authentication is Cloud Run's: the service does not allow unauthenticated calls, and the push
 * subscription presents an OIDC token of the invoker service account.
 */
export function createPushServer(
  handle: (body: unknown, envelope: PushEnvelope) => Promise<unknown>,
  logger: Logger,
): http.Server {
  return http.createServer((req, res) => {
    const answer = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { "Content-Type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.method === "GET" && req.url === "/healthz") return answer(200, { ok: true });
    if (req.method !== "POST")
      return answer(405, { error: { code: "method-not-allowed", message: "POST a Pub/Sub push envelope" } });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      let envelope: PushEnvelope;
      try {
        envelope = PushEnvelope.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (err) {
        return answer(400, {
          error: { code: "invalid-push", message: `not a Pub/Sub push envelope: ${(err as Error).message}` },
        });
      }
      handle(eventBody(envelope.message.data), envelope).then(
        () => answer(204),
        (err: unknown) => {
          logger.warn(`push not acknowledged: ${(err as Error).message}`, { error: errorInfo(err) });
          answer(500, { error: errorInfo(err) });
        },
      );
    });
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
