import { Storage } from "@google-cloud/storage";
import { runBackfill } from "@panoptes/ingest";
import { createObjectStore, firebaseApp, firestoreFor } from "@panoptes/platform";
import { parseArgs } from "node:util";
import type { Command } from "../io";
import { resolveTarget } from "../target";

export const backfill: Command = {
  name: "backfill",
  summary: "record existing bucket objects in bulk (batched, idempotent, counters aggregated per batch)",
  usage:
    "panoptes backfill [--prefix P] [--bucket B] [--batch N] [--concurrency N] [--json] [--remote --project ID]",
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        prefix: { type: "string" },
        bucket: { type: "string" },
        batch: { type: "string", default: "150" },
        concurrency: { type: "string", default: "32" },
        json: { type: "boolean" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    const target = resolveTarget(values, io.env);
    const bucket = values.bucket ?? io.env.RAW_BUCKET ?? "panoptes-raw-images";
    const started = performance.now();
    const result = await runBackfill({
      db: firestoreFor(firebaseApp(target.project)),
      store: createObjectStore(new Storage({ projectId: target.project })),
      bucket,
      prefix: values.prefix,
      batchSize: Number(values.batch),
      concurrency: Number(values.concurrency),
      onProgress: (p) => {
        const rate = p.recorded / ((performance.now() - started) / 1000);
        io.err(
          `[backfill] listed ${p.listed}  recorded ${p.recorded}  skipped ${p.skipped}  failed ${p.failed}  ignored ${p.ignored}  (${rate.toFixed(0)} images/s)`,
        );
      },
    });
    const seconds = (performance.now() - started) / 1000;
    if (values.json) io.out(JSON.stringify({ ...result, seconds }, null, 2));
    else {
      io.out(
        `recorded ${result.recorded}, skipped ${result.skipped} (already recorded), failed ${result.failed}, ignored ${result.ignored} in ${seconds.toFixed(1)} s`,
      );
      for (const f of result.failures) io.out(`  failed: ${f.bucket_path}: ${f.code}: ${f.message}`);
    }
    return result.failed > 0 ? 1 : 0;
  },
};
