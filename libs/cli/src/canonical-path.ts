import {
  CAMERA_ID_PATTERN,
  formatObjectPath,
  formatTimestamp,
  InvalidPathError,
  parseObjectPath,
  parseSequenceId,
  splitExtension,
  UNIT_ID_PATTERN,
} from "@panoptes/models";

/**
 * Where a local file goes in the raw bucket. The file's own path wins when its last four segments already are
 * `UNIT/CAM/SEQTIME/IMGTIME.ext`; otherwise the FITS header says it: unit from PANID/OBSERVER, camera from
 * INSTRUME, sequence time from SEQID, image time from DATE-OBS. Throws naming what is missing.
 */
export function canonicalPathFor(filePath: string, header: Readonly<Record<string, unknown>> | null): string {
  const segments = filePath.split("/").filter((s) => s !== "");
  try {
    return parseObjectPath(segments.slice(-4).join("/")).canonical_path;
  } catch (err) {
    if (!(err instanceof InvalidPathError)) throw err;
  }
  const name = segments.at(-1) ?? filePath;
  const split = splitExtension(name);
  if (!split || split.kind === "side-product")
    throw new Error(`${name}: only .fits, .fits.fz, .fz and .cr2 files are uploaded`);
  if (!header) {
    throw new Error(
      `${filePath} is not at UNIT/CAM/SEQTIME/IMGTIME${split.extension} and has no FITS header to tell: pass --path`,
    );
  }
  const text = (k: string) => (typeof header[k] === "string" ? (header[k] as string).trim() : "");
  const unit = text("PANID") || text("OBSERVER");
  const camera = text("INSTRUME").toLowerCase();
  const missing: string[] = [];
  if (!UNIT_ID_PATTERN.test(unit)) missing.push(`unit (PANID/OBSERVER is ${JSON.stringify(unit)})`);
  if (!CAMERA_ID_PATTERN.test(camera))
    missing.push(`camera (INSTRUME is ${JSON.stringify(text("INSTRUME"))})`);
  let sequence_time = "";
  try {
    sequence_time = parseSequenceId(text("SEQID")).time;
  } catch {
    missing.push(`sequence time (SEQID is ${JSON.stringify(text("SEQID"))})`);
  }
  const dateObs = text("DATE-OBS");
  const date = new Date(/[zZ]$/.test(dateObs) ? dateObs : `${dateObs}Z`);
  if (!dateObs || Number.isNaN(date.getTime()))
    missing.push(`image time (DATE-OBS is ${JSON.stringify(dateObs)})`);
  if (missing.length > 0) {
    throw new Error(
      `cannot derive the canonical path of ${filePath}: no valid ${missing.join(", ")}; pass --path UNIT/CAM/SEQTIME/IMGTIME${split.extension}`,
    );
  }
  return formatObjectPath({
    unit_id: unit,
    camera_id: camera,
    sequence_time,
    image_time: formatTimestamp(date),
    extension: name.slice(split.stem.length),
  });
}
