import { CAMERA_ID_PATTERN, formatImageId, formatSequenceId, parseTimestamp, UNIT_ID_PATTERN } from "./ids";

/** What the pipeline does with an object, decided by its extension. */
export const FILE_KINDS = ["fits", "cr2", "side-product"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Extensions matched case-insensitively, longest first so `.fits.fz` wins over `.fz`. */
export const EXTENSIONS: ReadonlyArray<{ ext: string; kind: FileKind }> = [
  { ext: ".fits.fz", kind: "fits" },
  { ext: ".fits", kind: "fits" },
  { ext: ".fz", kind: "fits" },
  { ext: ".cr2", kind: "cr2" },
  { ext: ".jpg", kind: "side-product" },
  { ext: ".jpeg", kind: "side-product" },
  { ext: ".mp4", kind: "side-product" },
  { ext: ".txt", kind: "side-product" },
  { ext: ".json", kind: "side-product" },
];

/** An object path that follows `UNIT/CAM/SEQTIME/IMGTIME.ext` (or the legacy layout with a field folder). */
export interface ObjectPath {
  /** The path as given (what is in the bucket). */
  bucket_path: string;
  /** `UNIT/CAM/SEQTIME/IMGTIME.ext` with the extension as given. */
  canonical_path: string;
  unit_id: string;
  camera_id: string;
  sequence_time: string;
  image_time: string;
  sequence_id: string;
  image_id: string;
  /** Lower-case extension including the dot, e.g. `.fits.fz`. */
  extension: string;
  kind: FileKind;
  /** The field-name folder of a legacy path, or null for the current layout. */
  legacy_field: string | null;
}

/** Raised for an object path that is not a PANOPTES upload path. */
export class InvalidPathError extends Error {
  readonly code = "invalid-path";
  constructor(message: string) {
    super(message);
    this.name = "InvalidPathError";
  }
}

const LAYOUT = "UNIT/CAM/SEQTIME/IMGTIME.ext (e.g. PAN001/14d3bd/20180216T110623/20180216T112430.fits.fz)";

/** Splits a file name into stem and a known extension (case-insensitive), or null when the extension is unknown. */
export function splitExtension(fileName: string): { stem: string; extension: string; kind: FileKind } | null {
  const lower = fileName.toLowerCase();
  for (const { ext, kind } of EXTENSIONS) {
    if (lower.endsWith(ext) && lower.length > ext.length) {
      return { stem: fileName.slice(0, -ext.length), extension: ext, kind };
    }
  }
  return null;
}

/**
 * Parses an object path in the raw bucket. Accepts the current layout `UNIT/CAM/SEQTIME/IMGTIME.ext` and the
 * legacy `UNIT/FIELD/CAM/SEQTIME/IMGTIME.ext` (the field folder is dropped). Camera ids are lower-cased.
 * Throws InvalidPathError naming what is wrong.
 */
export function parseObjectPath(bucketPath: string): ObjectPath {
  const fail = (why: string): never => {
    throw new InvalidPathError(`object path ${JSON.stringify(bucketPath)} ${why}; expected ${LAYOUT}`);
  };
  if (bucketPath.length === 0 || bucketPath.length > 1024) fail("is empty or longer than 1024 characters");
  if (bucketPath.startsWith("/")) fail("starts with '/'");
  const segments = bucketPath.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) fail("has an empty, '.' or '..' segment");
  if (segments.length !== 4 && segments.length !== 5) fail(`has ${segments.length} segments`);
  const legacy = segments.length === 5;
  const [unit, ...rest] = segments as [string, ...string[]];
  const [field, cam, seq, file] = legacy ? rest : [null, ...rest];
  if (!UNIT_ID_PATTERN.test(unit)) fail(`starts with ${JSON.stringify(unit)}, not a unit id PANnnn`);
  const camera = (cam ?? "").toLowerCase();
  if (!CAMERA_ID_PATTERN.test(camera))
    fail(`has camera ${JSON.stringify(cam)}, not 6 hexadecimal characters`);
  const split = splitExtension(file ?? "");
  if (!split) fail(`has file name ${JSON.stringify(file)} with an unknown extension`);
  const { stem, extension, kind } = split!;
  for (const [what, value] of [
    ["sequence time", seq ?? ""],
    ["image time", stem],
  ] as const) {
    try {
      parseTimestamp(value);
    } catch {
      fail(`has ${what} ${JSON.stringify(value)}, not a UTC time YYYYMMDDTHHMMSS`);
    }
  }
  const parts = { unit_id: unit, camera_id: camera };
  return {
    bucket_path: bucketPath,
    canonical_path: `${unit}/${camera}/${seq}/${stem}${file!.slice(stem.length)}`,
    unit_id: unit,
    camera_id: camera,
    sequence_time: seq!,
    image_time: stem,
    sequence_id: formatSequenceId({ ...parts, time: seq! }),
    image_id: formatImageId({ ...parts, time: stem }),
    extension,
    kind,
    legacy_field: legacy ? field! : null,
  };
}

/** Builds the canonical object path `UNIT/CAM/SEQTIME/IMGTIME.ext` (ext with its dot). */
export function formatObjectPath(p: {
  unit_id: string;
  camera_id: string;
  sequence_time: string;
  image_time: string;
  extension: string;
}): string {
  return `${p.unit_id}/${p.camera_id}/${p.sequence_time}/${p.image_time}${p.extension}`;
}
