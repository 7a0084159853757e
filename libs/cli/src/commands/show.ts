import {
  COLLECTIONS,
  ImageDocRead,
  ObservationDocRead,
  plainFirestoreValue,
  UnitDocRead,
} from "@panoptes/models";
import { firebaseApp, firestoreFor } from "@panoptes/platform";
import { parseArgs } from "node:util";
import { type Command, UsageError } from "../io";
import { resolveTarget } from "../target";

const KINDS = {
  unit: { collection: COLLECTIONS.units, schema: UnitDocRead, idField: "unit_id" },
  observation: { collection: COLLECTIONS.observations, schema: ObservationDocRead, idField: "sequence_id" },
  image: { collection: COLLECTIONS.images, schema: ImageDocRead, idField: "image_id" },
} as const;

export const show: Command = {
  name: "show",
  summary: "print a stored unit, observation or image document",
  usage: "panoptes show unit|observation|image ID [--json] [--remote --project ID]",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: "boolean" }, remote: { type: "boolean" }, project: { type: "string" } },
    });
    const [kind, id] = positionals;
    if (!kind || !(kind in KINDS) || !id)
      throw new UsageError("name what to show: unit|observation|image and an id");
    const { collection, schema, idField } = KINDS[kind as keyof typeof KINDS];
    const target = resolveTarget(values, io.env);
    const db = firestoreFor(firebaseApp(target.project));
    const snap = await db.collection(collection).doc(id).get();
    if (!snap.exists) {
      io.err(`no ${kind} ${id} in ${target.remote ? target.project : "the local emulators"}`);
      return 1;
    }
    // Documents as the 2020 network wrote them are read too (no id field, strings for numbers and times).
    const r = schema.safeParse(plainFirestoreValue({ [idField]: snap.id, ...snap.data() }));
    if (!r.success) {
      const problems = r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      io.err(`${kind} ${id} cannot be read: ${problems}`);
      return 1;
    }
    const doc = r.data as Record<string, unknown>;
    io.out(values.json ? JSON.stringify(doc, null, 2) : formatDoc(doc));
    return 0;
  },
};

/** Human-readable `key: value` lines, dates in UTC. */
export function formatDoc(doc: Record<string, unknown>): string {
  const fmt = (v: unknown): string =>
    v instanceof Date
      ? `${v.toISOString().replace(".000Z", "Z")}`
      : typeof v === "object" && v !== null
        ? JSON.stringify(v)
        : String(v);
  const width = Math.max(...Object.keys(doc).map((k) => k.length));
  return Object.entries(doc)
    .map(([k, v]) => `${k.padEnd(width)}  ${fmt(v)}`)
    .join("\n");
}
