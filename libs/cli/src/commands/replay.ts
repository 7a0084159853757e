import { PubSub } from "@google-cloud/pubsub";
import { COLLECTIONS, DeadLetterMessage } from "@panoptes/models";
import { createPublisher, firebaseApp, firestoreFor } from "@panoptes/platform";
import { parseArgs } from "node:util";
import type { Command } from "../io";
import { resolveTarget } from "../target";

export const replay: Command = {
  name: "replay",
  summary: "re-run dead-lettered events (publish each pending one again to its topic)",
  usage:
    "panoptes replay [--topic T] [--image IMAGE_ID] [--limit N] [--dry-run] [--json] [--remote --project ID]",
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        topic: { type: "string" },
        image: { type: "string" },
        limit: { type: "string", default: "500" },
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    const target = resolveTarget(values, io.env);
    const db = firestoreFor(firebaseApp(target.project));
    const publisher = createPublisher(new PubSub({ projectId: target.project }));
    let query = db.collection(COLLECTIONS.deadLetters).where("status", "==", "pending");
    if (values.topic) query = query.where("topic", "==", values.topic);
    const snap = await query.limit(Number(values.limit)).get();
    const replayed: Array<{ id: string; topic: string; image_id: unknown; error: string }> = [];
    for (const doc of snap.docs) {
      const letter = DeadLetterMessage.safeParse(doc.data());
      if (!letter.success) {
        io.err(`skipping dead letter ${doc.id}: ${letter.error.issues[0]?.message}`);
        continue;
      }
      const { topic, message, error } = letter.data;
      if (values.image && message.image_id !== values.image) continue;
      if (!values["dry-run"]) {
        // Mark first: if the replay fails again, the handler sets the record back to pending.
        await doc.ref.update({ status: "replayed", replayed_time: new Date() });
        await publisher.publishJson(topic, message, { replay_of: doc.id });
      }
      replayed.push({
        id: doc.id,
        topic,
        image_id: message.image_id,
        error: `${error.code}: ${error.message}`,
      });
    }
    if (values.json) io.out(JSON.stringify({ replayed, dry_run: Boolean(values["dry-run"]) }, null, 2));
    else {
      for (const r of replayed)
        io.out(
          `${values["dry-run"] ? "would replay" : "replayed"} ${r.topic} ${String(r.image_id)} (was ${r.error})`,
        );
      io.out(`${replayed.length} dead letter(s) ${values["dry-run"] ? "pending" : "replayed"}`);
    }
    return 0;
  },
};
