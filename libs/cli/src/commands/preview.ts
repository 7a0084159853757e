import { Storage } from "@google-cloud/storage";
import { createObjectStore } from "@panoptes/platform";
import { encodeJpeg, encodePng, PREVIEW_WIDTH, previewOfFitsBytes, THUMB_WIDTH } from "@panoptes/preview";
import fs from "node:fs";
import { outputCommandArgs } from "../command-args";
import { type Command, UsageError } from "../io";
import { resolveTarget } from "../target";
import { parseGsUrl } from "./header";

function positiveInteger(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a whole number of pixels >= 1, got ${text}`);
  return n;
}

function outputFormat(out: string): "png" | "jpeg" {
  if (/\.png$/i.test(out)) return "png";
  if (/\.jpe?g$/i.test(out)) return "jpeg";
  throw new UsageError(`--out must end in .png (lossless) or .jpg (the pipeline's JPEG), got ${out}`);
}

export const preview: Command = {
  name: "preview",
  summary: "write the zscale preview the pipeline makes of a FITS (local file or gs://)",
  usage:
    "panoptes preview FILE|gs://BUCKET/PATH --out OUT.png|OUT.jpg [--size N] [--thumb] [--json] [--remote --project ID]",
  async run(args, io) {
    const { values, positionals } = outputCommandArgs(args, {
      size: { type: "string" },
      thumb: { type: "boolean" },
      remote: { type: "boolean" },
      project: { type: "string" },
    });
    const [target] = positionals;
    if (!target) throw new UsageError("name a FITS file or gs://BUCKET/PATH");
    if (!values.out) throw new UsageError("--out OUT.png or OUT.jpg is required");
    const format = outputFormat(values.out);
    const size = positiveInteger(values.size, values.thumb ? THUMB_WIDTH : PREVIEW_WIDTH, "--size");
    const gs = parseGsUrl(target);
    let bytes: Uint8Array;
    if (gs) {
      const where = resolveTarget(values, io.env);
      bytes = await createObjectStore(new Storage({ projectId: where.project })).read(gs.bucket, gs.path);
    } else {
      bytes = fs.readFileSync(target);
    }
    // --thumb: the thumbnail as the pipeline makes it (averaged from the preview); else the preview at --size.
    const made = await previewOfFitsBytes(
      bytes,
      target,
      values.thumb ? { thumbWidth: size } : { width: size },
    );
    const rendering = values.thumb ? made.thumb : made.preview;
    const data =
      format === "png"
        ? encodePng(rendering.pixels, rendering.width, rendering.height, rendering.channels)
        : await encodeJpeg(rendering);
    fs.writeFileSync(values.out, data);
    const summary = {
      out: values.out,
      width: rendering.width,
      height: rendering.height,
      bytes: data.length,
      mode: made.mode,
      zscale: made.zscale,
    };
    if (values.json) io.out(JSON.stringify(summary));
    else
      io.err(
        `${values.out}: ${rendering.width}×${rendering.height} ${made.mode}, zscale ${made.zscale.map((v) => v.toFixed(1)).join("..")}, ${data.length} bytes`,
      );
    return 0;
  },
};
