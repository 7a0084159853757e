import { Storage } from "@google-cloud/storage";
import { readFrame, solveFrame } from "@panoptes/astrometry";
import { bufferByteSource, fileByteSource } from "@panoptes/fits";
import { createObjectStore } from "@panoptes/platform";
import { parseArgs } from "node:util";
import { type Command, UsageError } from "../io";
import { resolveTarget } from "../target";
import { parseGsUrl } from "./header";

function positiveNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got ${text}`);
  return n;
}

export const solve: Command = {
  name: "solve",
  summary: "plate-solve a FITS frame (stars detected here, astrometry.net's solve-field)",
  usage:
    "panoptes solve FILE|gs://BUCKET/PATH [--json] [--scale ARCSEC_PER_PX] [--radius DEG] [--cpu-limit S] [--remote --project ID]",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: "boolean" },
        scale: { type: "string" },
        radius: { type: "string" },
        "cpu-limit": { type: "string" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    const [target] = positionals;
    if (!target) throw new UsageError("name a FITS file or gs://BUCKET/PATH");
    const options = {
      scale: positiveNumber("scale", values.scale),
      hintRadius: positiveNumber("radius", values.radius),
      cpuLimit: positiveNumber("cpu-limit", values["cpu-limit"]),
    };
    const gs = parseGsUrl(target);
    let source;
    if (gs) {
      const where = resolveTarget(values, io.env);
      const store = createObjectStore(new Storage({ projectId: where.project }));
      source = bufferByteSource(new Uint8Array(await store.read(gs.bucket, gs.path)));
    } else {
      source = await fileByteSource(target);
    }
    const result = await solveFrame(await readFrame(source), options);
    if (values.json) {
      io.out(JSON.stringify(result));
    } else if (result.solved) {
      io.out(
        [
          `solved with ${result.index} in ${result.seconds.toFixed(1)} s (${result.stars_detected} stars detected)`,
          `centre     RA ${result.ra!.toFixed(5)}°  Dec ${result.dec!.toFixed(5)}°`,
          `scale      ${result.pixel_scale!.toFixed(3)}″/px, rotation ${result.rotation!.toFixed(2)}° E of N`,
        ].join("\n"),
      );
    } else {
      io.out(`not solved: ${result.reason}`);
    }
    return result.solved ? 0 : 1;
  },
};
