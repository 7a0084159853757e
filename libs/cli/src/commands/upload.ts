import { Storage } from "@google-cloud/storage";
import { bufferByteSource, headerToMap, readHeader } from "@panoptes/fits";
import { COLLECTIONS, ImageDocRead, parseObjectPath } from "@panoptes/models";
import { createObjectStore, firebaseApp, firestoreFor, readDoc } from "@panoptes/platform";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { canonicalPathFor } from "../canonical-path";
import { type Command, UsageError } from "../io";
import { resolveTarget } from "../target";

async function fitsHeader(bytes: Uint8Array): Promise<Record<string, unknown> | null> {
  try {
    return headerToMap((await readHeader(bufferByteSource(bytes), { hdu: "image" })).header.cards);
  } catch {
    return null;
  }
}

export const upload: Command = {
  name: "upload",
  summary: "upload files to the raw bucket at their canonical path (the real trigger chain runs)",
  usage:
    "panoptes upload FILE... [--path UNIT/CAM/SEQTIME/IMGTIME.ext] [--bucket B] [--wait] [--timeout S] [--json] [--remote --project ID]",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        path: { type: "string" },
        bucket: { type: "string" },
        wait: { type: "boolean" },
        timeout: { type: "string", default: "60" },
        json: { type: "boolean" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    if (positionals.length === 0) throw new UsageError("name at least one file");
    if (values.path && positionals.length > 1)
      throw new UsageError("--path names one file's destination: upload one file");
    const target = resolveTarget(values, io.env);
    const bucket = values.bucket ?? io.env.RAW_BUCKET ?? "panoptes-raw-images";
    const store = createObjectStore(new Storage({ projectId: target.project }));
    const uploaded: Array<{ file: string; bucket_path: string; image_id: string; generation: string }> = [];
    for (const file of positionals) {
      const bytes = fs.readFileSync(file);
      const objectPath = values.path ?? canonicalPathFor(file, await fitsHeader(bytes));
      const { image_id } = parseObjectPath(objectPath);
      const info = await store.write(bucket, objectPath, bytes);
      uploaded.push({ file, bucket_path: objectPath, image_id, generation: info.generation });
      io.err(`uploaded ${file} → gs://${bucket}/${objectPath} (generation ${info.generation})`);
    }
    if (!values.wait) {
      io.out(
        values.json ? JSON.stringify({ uploaded }, null, 2) : uploaded.map((u) => u.bucket_path).join("\n"),
      );
      return 0;
    }
    const db = firestoreFor(firebaseApp(target.project));
    const deadline = Date.now() + Number(values.timeout) * 1000;
    const records: unknown[] = [];
    let failed = 0;
    for (const u of uploaded) {
      const ref = db.collection(COLLECTIONS.images).doc(u.image_id);
      for (;;) {
        const doc = readDoc(ImageDocRead, await ref.get(), "image_id");
        // A FITS is done when its generation is recorded or failed; a CR2 when its products come from it.
        const done = u.bucket_path.toLowerCase().endsWith(".cr2")
          ? doc?.products?.source_generation === u.generation ||
            (doc?.status === "error" && doc.error?.service === "make-rgb-fits")
          : doc?.generation === u.generation && (doc.status === "recorded" || doc.status === "error");
        if (doc && done) {
          records.push(doc);
          if (doc!.status === "error") failed++;
          io.err(
            `${u.image_id}: ${doc!.status}${doc!.error ? ` (${doc!.error.code}: ${doc!.error.message})` : ""}`,
          );
          break;
        }
        if (Date.now() > deadline) {
          io.err(
            `${u.image_id}: not recorded within ${values.timeout} s (is the pipeline running? npm start)`,
          );
          return 1;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    io.out(JSON.stringify(values.json ? { uploaded, records } : records, null, 2));
    return failed > 0 ? 1 : 0;
  },
};
