import { z } from "zod";

/** A unit id: `PAN` and three digits, e.g. `PAN001`. */
export const UNIT_ID_PATTERN = /^PAN\d{3}$/;
/** A camera id: six hexadecimal characters, stored lower case, e.g. `14d3bd`. */
export const CAMERA_ID_PATTERN = /^[0-9a-f]{6}$/;
/** A compact UTC time stamp: `YYYYMMDDTHHMMSS`. */
export const TIMESTAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/;

export const UnitId = z
  .string()
  .regex(UNIT_ID_PATTERN, "unit_id must be PAN followed by 3 digits, e.g. PAN001");
export type UnitId = z.infer<typeof UnitId>;

export const CameraId = z
  .string()
  .regex(CAMERA_ID_PATTERN, "camera_id must be 6 lower-case hexadecimal characters, e.g. 14d3bd");
export type CameraId = z.infer<typeof CameraId>;

/** Raised for an identifier or time stamp that does not follow the documented format. */
export class InvalidIdError extends Error {
  readonly code = "invalid-id";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidIdError";
  }
}

/**
 * Parses a compact UTC time stamp `YYYYMMDDTHHMMSS` into a Date.
 * Rejects impossible dates (month 13, 31 February, hour 24) rather than rolling them over.
 */
export function parseTimestamp(text: string): Date {
  const m = TIMESTAMP_PATTERN.exec(text);
  if (!m) throw new InvalidIdError(`time stamp must be YYYYMMDDTHHMMSS (UTC), got ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    throw new InvalidIdError(`time stamp ${JSON.stringify(text)} is not a real UTC date and time`);
  }
  return date;
}

/** Formats a Date as a compact UTC time stamp `YYYYMMDDTHHMMSS` (seconds truncated). */
export function formatTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "")
    .replace(/[-:]/g, "");
}

export const Timestamp = z.string().refine(
  (s) => {
    try {
      parseTimestamp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "time stamp must be a real UTC time as YYYYMMDDTHHMMSS" },
);

/** The parts of a sequence id `UNIT_CAM_SEQTIME` or an image id `UNIT_CAM_IMGTIME`. */
export interface IdParts {
  unit_id: string;
  camera_id: string;
  time: string;
}

function parseIdParts(kind: string, id: string): IdParts {
  const parts = id.split("_");
  const [unit_id, camera_id, time] = parts;
  if (parts.length !== 3 || unit_id === undefined || camera_id === undefined || time === undefined) {
    throw new InvalidIdError(`${kind} must be UNIT_CAM_YYYYMMDDTHHMMSS, got ${JSON.stringify(id)}`);
  }
  if (!UNIT_ID_PATTERN.test(unit_id)) {
    throw new InvalidIdError(`${kind} ${JSON.stringify(id)}: unit ${JSON.stringify(unit_id)} is not PANnnn`);
  }
  if (!CAMERA_ID_PATTERN.test(camera_id)) {
    throw new InvalidIdError(
      `${kind} ${JSON.stringify(id)}: camera ${JSON.stringify(camera_id)} is not 6 lower-case hex characters`,
    );
  }
  parseTimestamp(time);
  return { unit_id, camera_id, time };
}

/** Builds a sequence id `UNIT_CAM_SEQTIME` from its validated parts. */
export function formatSequenceId(parts: IdParts): string {
  return `${parts.unit_id}_${parts.camera_id}_${parts.time}`;
}

/** Splits a sequence id `UNIT_CAM_SEQTIME`; throws InvalidIdError when a part is malformed. */
export function parseSequenceId(id: string): IdParts {
  return parseIdParts("sequence_id", id);
}

/** Builds an image id `UNIT_CAM_IMGTIME` from its validated parts. */
export const formatImageId = formatSequenceId;

/** Splits an image id `UNIT_CAM_IMGTIME`; throws InvalidIdError when a part is malformed. */
export function parseImageId(id: string): IdParts {
  return parseIdParts("image_id", id);
}

const idRefinement = (parse: (id: string) => IdParts, what: string) =>
  z.string().refine(
    (s) => {
      try {
        parse(s);
        return true;
      } catch {
        return false;
      }
    },
    { message: `${what} must be UNIT_CAM_YYYYMMDDTHHMMSS, e.g. PAN001_14d3bd_20180216T110623` },
  );

export const SequenceId = idRefinement(parseSequenceId, "sequence_id");
export const ImageId = idRefinement(parseImageId, "image_id");
