import { Storage } from "@google-cloud/storage";
import {
  collectObservationExport,
  observationExportFiles,
  publishObservationExports,
} from "@panoptes/compat";
import { createObjectStore, firebaseApp, firestoreFor } from "@panoptes/platform";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { type Command, UsageError } from "../io";
import { resolveTarget } from "../target";

/** The public bucket the scheduled export-observations function writes to (its EXPORT_BUCKET default). */
const DEFAULT_EXPORT_BUCKET = "panoptes-public-data";

export const exportCommand: Command = {
  name: "export",
  summary:
    "every observation as observations.csv or .json (the 2020 explorer's static files); --publish writes both",
  usage:
    "panoptes export observations [--format csv|json] [--out FILE] | --publish [--bucket B] [--json] [--remote --project ID]",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        out: { type: "string" },
        publish: { type: "boolean" },
        bucket: { type: "string" },
        json: { type: "boolean" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    if (positionals[0] !== "observations" || positionals.length !== 1)
      throw new UsageError("name what to export: observations");
    const format = values.format ?? "csv";
    if (format !== "csv" && format !== "json")
      throw new UsageError(`--format must be csv or json, got ${JSON.stringify(format)}`);
    const target = resolveTarget(values, io.env);
    const db = firestoreFor(firebaseApp(target.project));
    if (values.publish) {
      // What the scheduled function does, on demand (locally: into the Storage emulator).
      const store = createObjectStore(new Storage({ projectId: target.project }));
      const r = await publishObservationExports(db, store, values.bucket ?? DEFAULT_EXPORT_BUCKET);
      for (const s of r.skipped) io.err(`skipped observation ${s.id}: ${s.problem}`);
      io.out(
        values.json
          ? JSON.stringify(r, null, 2)
          : `wrote ${r.observations} observations to ${r.objects.map((o) => `gs://${r.bucket}/${o}`).join(" and ")}`,
      );
      return 0;
    }
    const { rows, skipped } = await collectObservationExport(db);
    for (const s of skipped) io.err(`skipped observation ${s.id}: ${s.problem}`);
    const text = observationExportFiles(rows)[format];
    if (values.out) {
      fs.writeFileSync(values.out, text);
      io.err(`wrote ${rows.length} observations to ${values.out}`);
    } else io.out(text);
    return 0;
  },
};
