import { COLLECTIONS, type DeadLetterMessage, TOPICS } from "@panoptes/models";
import type { Firestore } from "firebase-admin/firestore";
import { createHash } from "node:crypto";
import type { Publisher } from "./pubsub";

/** A dead letter as kept in Firestore: the message plus replay bookkeeping. */
export interface DeadLetterRecord extends DeadLetterMessage {
  status: "pending" | "replayed";
  /** how many times this same message failed permanently */
  failures: number;
}

/** Deterministic id of a dead letter: one record per topic and message key (e.g. image and generation). */
export function deadLetterId(topic: string, key: string): string {
  return createHash("sha256").update(`${topic}\n${key}`).digest("hex").slice(0, 32);
}

/**
 * Keeps a permanently failed message: a `dead_letters` document (idempotent: a redelivered failure updates the
 * same document) and a copy on the `pipeline-dead-letter` topic for alerting. `panoptes replay` republishes
 * pending records to their topic.
 */
export async function recordDeadLetter(
  deps: { db: Firestore; publisher: Publisher },
  letter: DeadLetterMessage,
  key: string,
): Promise<string> {
  const id = deadLetterId(letter.topic, key);
  const ref = deps.db.collection(COLLECTIONS.deadLetters).doc(id);
  await deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const failures = ((snap.data()?.failures as number | undefined) ?? 0) + 1;
    const record: DeadLetterRecord = { ...letter, status: "pending", failures };
    tx.set(ref, record);
  });
  await deps.publisher.publishJson(TOPICS.deadLetter, letter, { topic: letter.topic, dead_letter_id: id });
  return id;
}
