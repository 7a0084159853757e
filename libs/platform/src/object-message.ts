/**
 * The one skeleton of a Pub/Sub service that works on a stored object (record-image, make-rgb-fits, ...): the
 * transport-free core `processObjectMessage`, and the Cloud Functions binding `cloudEventHandler`. The Cloud
 * Run push binding is `pushEndpoint` (push-endpoint.ts). A service supplies a schema, a `work` function and,
 * when it owns a document that should show the failure, `markError`.
 */
import { checkedMessagePath, type ErrorInfo, type ObjectMessage, type ObjectPath } from "@panoptes/models";
import type { Firestore } from "firebase-admin/firestore";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { recordDeadLetter } from "./dead-letter";
import { errorInfo, errorKind, PermanentError } from "./errors";
import type { Logger } from "./logging";
import { eventBody, type Publisher } from "./pubsub";

/** What the skeleton itself needs: dead letters go to Firestore and Pub/Sub, lines to the logger. */
export interface MessageDeps {
  db: Firestore;
  publisher: Publisher;
  logger: Logger;
  /** the clock (tests pin it); `new Date()` by default */
  now?: () => Date;
}

/** What `work` is given: the valid message, its checked path, the service's dependencies. */
export interface WorkInput<M, D> {
  message: M;
  path: ObjectPath;
  deps: D;
  /** the service's logger with `image_id` and `generation` labels */
  log: Logger;
  /** when the message arrived */
  now: Date;
}

/** What `work` returns: the result handed back to the caller, and the one line logged for it. */
export interface WorkDone<R> {
  result: R;
  /** the INFO line, e.g. `image created` */
  log: string;
  /** fields of that line (outcome, sizes, milliseconds...) */
  fields?: Record<string, unknown>;
}

/** A permanent failure, acknowledged: the error code and the dead letter it was kept in. */
export interface MessageFailure {
  status: "error";
  code: string;
  deadLetterId: string;
}

/** A Pub/Sub service on stored objects, declared once; see processObjectMessage for what happens when. */
export interface ObjectMessageService<M extends ObjectMessage, R, D extends MessageDeps> {
  /** the service's name, on dead letters and errors */
  service: string;
  /** the topic its messages come from (dead letters are replayed to it) */
  topic: string;
  /** validates the decoded message body */
  schema: z.ZodType<M>;
  /** the kind of file the message's path must name (or a function of the message, when that decides it) */
  kind: ObjectPath["kind"] | ((message: M) => ObjectPath["kind"]);
  /** The work; throws PermanentError for input that can never succeed, anything else to be retried. */
  work(input: WorkInput<M, D>): Promise<WorkDone<R>>;
  /**
   * Records a permanent failure where users look (e.g. the image document's `status: error`); called with a
   * valid message and path only, before the dead letter. Its own failures are transient (the message is retried).
   */
  markError?(deps: D, failure: { message: M; path: ObjectPath; error: ErrorInfo }): Promise<unknown>;
}

/** Dead-letter key of a valid object message: one record per object generation. */
export function objectMessageKey(message: ObjectMessage): string {
  return `${message.bucket}/${message.bucket_path}#${message.generation}`;
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

/**
 * Processes one decoded message body (`data`) for `spec`. Resolves when the message should be acknowledged:
 * with `work`'s result, or with a MessageFailure after a permanent failure has been recorded. Rejects (with the
 * original error) when it should be redelivered: a transient failure in `work`, `markError` or the dead letter.
 *
 * - a body the schema rejects: dead letter `invalid-message` (keyed by a hash of the body), ERROR line, ack;
 * - a path that does not parse, contradicts the message's ids or names another kind of file: permanent;
 * - `work` throws a permanent error: `markError`, dead letter (keyed by bucket, path and generation), ERROR line, ack;
 * - `work` throws anything else: WARNING line, rethrown;
 * - `work` succeeds: its INFO line, ack.
 */
export async function processObjectMessage<M extends ObjectMessage, R, D extends MessageDeps>(
  spec: ObjectMessageService<M, R, D>,
  data: unknown,
  deps: D,
): Promise<R | MessageFailure> {
  const now = deps.now?.() ?? new Date();
  const deadLetter = (
    message: Record<string, unknown>,
    error: { code: string; message: string },
    key: string,
  ) =>
    recordDeadLetter(
      deps,
      { topic: spec.topic, message, service: spec.service, error, failed_time: now.toISOString() },
      key,
    );
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success) {
    const error = {
      code: "invalid-message",
      message: `${spec.service} message is malformed: ${issuesText(parsed.error)}`,
    };
    const body =
      typeof data === "object" && data !== null ? (data as Record<string, unknown>) : { value: data };
    const key = createHash("sha256")
      .update(JSON.stringify(data ?? null))
      .digest("hex");
    const id = await deadLetter(body, error, key);
    deps.logger.error(error.message, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
  const message = parsed.data;
  const log = deps.logger.child({ image_id: message.image_id, generation: message.generation });
  let path: ObjectPath | undefined;
  try {
    try {
      path = checkedMessagePath(message, typeof spec.kind === "function" ? spec.kind(message) : spec.kind);
    } catch (err) {
      // A path is checked without I/O: whatever fails here fails every time.
      const { code, message: text } = errorInfo(err);
      throw new PermanentError(code, text, { cause: err });
    }
    const done = await spec.work({ message, path, deps, log, now });
    log.info(done.log, done.fields);
    return done.result;
  } catch (err) {
    if (errorKind(err) === "transient") {
      log.warn(`transient failure, Pub/Sub will retry: ${(err as Error).message}`, { error: errorInfo(err) });
      throw err;
    }
    const error = errorInfo(err);
    if (path && spec.markError)
      await spec.markError(deps, { message, path, error: { ...error, service: spec.service, time: now } });
    const id = await deadLetter(message as Record<string, unknown>, error, objectMessageKey(message));
    log.error(`permanent failure: ${error.message}`, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
}

/** A message handler: a decoded body in, acknowledged when it resolves, redelivered when it rejects. */
export type MessageHandler<R, D> = (data: unknown, deps: D) => Promise<R | MessageFailure>;

/** `spec` as a handler of decoded message bodies (see processObjectMessage), for the bindings and for tests. */
export function handleObjectMessage<M extends ObjectMessage, R, D extends MessageDeps>(
  spec: ObjectMessageService<M, R, D>,
): MessageHandler<R, D> {
  return (data, deps) => processObjectMessage(spec, data, deps);
}

/** The part of a Cloud Functions (2nd gen) Pub/Sub CloudEvent the binding reads: the base64 message data. */
export interface PubSubCloudEvent {
  data: { message: { data?: string } };
}

/**
 * The Cloud Functions binding: `onMessagePublished(topicOptions(manifest), cloudEventHandler(handle, getDeps))`.
 * The body is decoded with eventBody (undecodable bodies reach the handler, which dead-letters them); `getDeps`
 * is called per event (wrap it in lazy()). Resolving acknowledges; rejecting makes Pub/Sub redeliver.
 */
export function cloudEventHandler<D>(
  handle: (data: unknown, deps: D) => Promise<unknown>,
  getDeps: () => D,
): (event: PubSubCloudEvent) => Promise<void> {
  return async (event) => {
    await handle(eventBody(event.data.message.data), getDeps());
  };
}
