import { migrateLegacyDocuments, type MigrateReport } from "@panoptes/compat";
import { firebaseApp, firestoreFor } from "@panoptes/platform";
import { parseArgs } from "node:util";
import { type Command, progressBar, UsageError } from "../io";
import { resolveTarget } from "../target";

function summary(r: MigrateReport): string {
  const lines = [r.dry_run ? "dry run: nothing written" : "migrated"];
  for (const c of r.collections) {
    lines.push(
      `${c.collection}: ${c.scanned} scanned, ${c.changed} ${r.dry_run ? "to rewrite" : `rewritten in ${c.batches} batches`}`,
    );
    for (const [what, n] of Object.entries(c.rewrites)) lines.push(`  ${what}: ${n}`);
    if (c.examples.length) lines.push(`  e.g. ${c.examples.join(", ")}`);
  }
  return lines.join("\n");
}

export const migrate: Command = {
  name: "migrate",
  summary: "rewrite documents with older status words or value types (idempotent; --dry-run reports only)",
  usage: "panoptes migrate [--dry-run] [--prefix ID] [--batch-size N] [--json] [--remote --project ID]",
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        "dry-run": { type: "boolean" },
        "batch-size": { type: "string" },
        prefix: { type: "string" },
        json: { type: "boolean" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    const batchSize = values["batch-size"] === undefined ? 500 : Number(values["batch-size"]);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 500)
      throw new UsageError(`--batch-size must be an integer from 1 to 500, got ${values["batch-size"]}`);
    const target = resolveTarget(values, io.env);
    const db = firestoreFor(firebaseApp(target.project));
    const progress = io.progress;
    const report = await migrateLegacyDocuments(db, {
      dryRun: values["dry-run"] === true,
      batchSize,
      ...(values.prefix ? { idPrefix: values.prefix } : {}),
      ...(progress
        ? { onProgress: (p) => progress(progressBar(p.collection.padEnd(22), p.scanned, p.total)) }
        : {}),
    });
    if (progress) progress("");
    io.out(values.json ? JSON.stringify(report, null, 2) : summary(report));
    return 0;
  },
};
