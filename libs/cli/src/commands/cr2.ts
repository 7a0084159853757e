import {
  type ImageIds,
  INTERPOLATIONS,
  type Interpolation,
  openCr2,
  planeSize,
  type Product,
  productFits,
} from "@panoptes/cr2-fits";
import { parseObjectPath } from "@panoptes/models";
import fs from "node:fs";
import path from "node:path";
import { outputCommandArgs } from "../command-args";
import { type Command, UsageError } from "../io";

/** The ids of a CR2 kept at its canonical path (`.../UNIT/CAM/SEQTIME/IMGTIME.cr2`), else null. */
function idsFromFile(file: string): ImageIds | null {
  const parts = path.resolve(file).split(path.sep).slice(-4);
  try {
    const p = parseObjectPath(parts.join("/"));
    return { unit_id: p.unit_id, camera_id: p.camera_id, sequence_id: p.sequence_id, image_id: p.image_id };
  } catch {
    return null;
  }
}

export const cr2: Command = {
  name: "cr2",
  summary: "convert a Canon CR2 to FITS (Bayer mosaic and R, G, B planes)",
  usage:
    "panoptes cr2 FILE --out DIR [--bayer] [--rgb half|bilinear] [--json]\n\n" +
    "Writes DIR/NAME.fits (--bayer: uint16 raw mosaic, dcraw -D area) and DIR/NAME_{r,g,b}.fits (--rgb: float32\n" +
    "planes); with neither option both, RGB bilinear. Rows are flipped as PANOPTES' cr2_to_fits did. A file at\n" +
    "its canonical path UNIT/CAM/SEQTIME/IMGTIME.cr2 also gets PANID, INSTRUME, SEQID and IMAGEID.",
  async run(args, io) {
    const { values, positionals } = outputCommandArgs(args, {
      bayer: { type: "boolean" },
      rgb: { type: "string" },
    });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError("give exactly one CR2 file");
    if (!values.out) throw new UsageError("--out DIR is required");
    if (values.rgb !== undefined && !INTERPOLATIONS.includes(values.rgb as Interpolation)) {
      throw new UsageError(`--rgb must be one of ${INTERPOLATIONS.join(", ")}, received ${values.rgb}`);
    }
    const neither = !values.bayer && values.rgb === undefined;
    const interpolation = (values.rgb ?? "bilinear") as Interpolation;
    const products: Product[] = [
      ...(values.bayer || neither ? (["bayer"] as const) : []),
      ...(values.rgb !== undefined || neither ? (["r", "g", "b"] as const) : []),
    ];
    const source = openCr2(fs.readFileSync(file));
    const ids = idsFromFile(file);
    const stem = path.basename(file).replace(/\.cr2$/i, "");
    fs.mkdirSync(values.out, { recursive: true });
    const written: Array<{ product: Product; path: string; bytes: number; width: number; height: number }> =
      [];
    for (const product of products) {
      const bytes = productFits(source, product, { ids, interpolation });
      const out = path.join(values.out, product === "bayer" ? `${stem}.fits` : `${stem}_${product}.fits`);
      fs.writeFileSync(out, bytes);
      const size =
        product === "bayer"
          ? { width: source.mosaic.width, height: source.mosaic.height }
          : planeSize(source.mosaic, interpolation);
      written.push({ product, path: out, bytes: bytes.length, ...size });
    }
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            metadata: source.metadata,
            ids,
            area: source.area,
            pattern: source.pattern,
            interpolation: products.includes("r") ? interpolation : null,
            files: written,
          },
          null,
          2,
        ),
      );
    } else {
      for (const w of written) {
        io.out(
          `${w.path}  ${w.product === "bayer" ? "bayer uint16" : `${w.product} float32 ${interpolation}`} ` +
            `${w.width}x${w.height}`,
        );
      }
    }
    return 0;
  },
};
