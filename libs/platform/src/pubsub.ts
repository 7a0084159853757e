import type { PubSub, Topic } from "@google-cloud/pubsub";

/** Publishes JSON messages; returns the message id. */
export interface Publisher {
  publishJson(topic: string, data: unknown, attributes?: Record<string, string>): Promise<string>;
}

/** A Publisher over a PubSub client; topic handles are kept per publisher (no module state). */
export function createPublisher(pubsub: PubSub): Publisher {
  const topics = new Map<string, Topic>();
  const topicFor = (name: string) => {
    let t = topics.get(name);
    if (!t) {
      t = pubsub.topic(name);
      topics.set(name, t);
    }
    return t;
  };
  return {
    publishJson: (topic, data, attributes = {}) =>
      topicFor(topic).publishMessage({ data: Buffer.from(JSON.stringify(data)), attributes }),
  };
}

/** Creates the topics that do not exist yet (local emulators, first deploy). */
export async function ensureTopics(pubsub: PubSub, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const [exists] = await pubsub.topic(name).exists();
    if (!exists) {
      try {
        await pubsub.createTopic(name);
      } catch (err) {
        // ALREADY_EXISTS: another process created it between the check and the create.
        if ((err as { code?: unknown }).code !== 6) throw err;
      }
    }
  }
}

/** Decodes a Pub/Sub message body (base64 or Buffer) into JSON; throws a SyntaxError for bad JSON. */
export function decodeJsonMessage(data: string | Buffer | Uint8Array | undefined | null): unknown {
  if (data === undefined || data === null) return undefined;
  const text =
    typeof data === "string"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(data).toString("utf8");
  return JSON.parse(text);
}

/**
 * The body of a Pub/Sub event for a handler: the decoded JSON, or `{undecodable: text}` (first 2000
 * characters) when it is not JSON, so the handler's validation dead-letters it instead of the binding throwing.
 */
export function eventBody(data: string | undefined): unknown {
  try {
    return decodeJsonMessage(data);
  } catch {
    return {
      undecodable: Buffer.from(data ?? "", "base64")
        .toString("utf8")
        .slice(0, 2000),
    };
  }
}
