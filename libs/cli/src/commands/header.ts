import { Storage } from "@google-cloud/storage";
import { astropyJsonText, fileByteSource, formatCard, readHeader } from "@panoptes/fits";
import { objectByteSource } from "@panoptes/fits-storage";
import { createObjectStore } from "@panoptes/platform";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Command, UsageError } from "../io";
import { resolveTarget } from "../target";

/** `gs://bucket/path` → its parts, or null for a local file. */
export function parseGsUrl(text: string): { bucket: string; path: string } | null {
  const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(text);
  return m ? { bucket: m[1]!, path: m[2]! } : null;
}

export const header: Command = {
  name: "header",
  summary: "print a FITS header (local file or gs://, read with ranged requests)",
  usage: "panoptes header FILE|gs://BUCKET/PATH [--ext N] [--json] [--remote --project ID]",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ext: { type: "string" },
        json: { type: "boolean" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    const [target] = positionals;
    if (!target) throw new UsageError("name a FITS file or gs://BUCKET/PATH");
    // As astropy-cards.py: extension 1 for tile-compressed .fz files, else the primary HDU.
    const ext = values.ext === undefined ? (target.endsWith(".fz") ? 1 : 0) : Number(values.ext);
    if (!Number.isInteger(ext) || ext < 0)
      throw new UsageError(`--ext must be a whole number >= 0, got ${values.ext}`);
    const gs = parseGsUrl(target);
    let source;
    if (gs) {
      const where = resolveTarget(values, io.env);
      const store = createObjectStore(new Storage({ projectId: where.project }));
      const info = await store.stat(gs.bucket, gs.path);
      if (!info) throw new Error(`${target} does not exist`);
      source = objectByteSource(store, { ...gs, generation: info.generation, size: info.size });
    } else {
      source = await fileByteSource(target);
    }
    const result = await readHeader(source, { hdu: ext });
    const cards = result.header.cards;
    if (values.json) {
      io.out(astropyJsonText({ file: path.basename(gs ? gs.path : target), ext, cards }).trimEnd());
    } else {
      io.out(cards.map((c) => formatCard(c).trimEnd()).join("\n"));
    }
    return 0;
  },
};
