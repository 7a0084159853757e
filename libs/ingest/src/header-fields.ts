import {
  CAMERA_ID_PATTERN,
  normalizeFieldName,
  type ObjectPath,
  parseSequenceId,
  parseImageId,
  UNIT_ID_PATTERN,
} from "@panoptes/models";

/** Header values by keyword, as libs/fits' headerToMap gives them (last card wins). */
export type HeaderValues = Readonly<Record<string, unknown>>;

/** A finite number from a header value: numbers as they are, numeric strings parsed, anything else null. */
export function numberOrNull(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** The leading number of a text with a unit, such as `'13 C'` or `'0.019 mm'`; null when there is none. */
export function leadingNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(value);
  return m ? Number(m[1]) : null;
}

/** A non-empty trimmed string, or null. */
export function textOrNull(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const t = value.trim();
  return t === "" ? null : t;
}

/** `'474 1024 1024 718'` → the four measured RGGB levels, or nulls when the text is not four numbers. */
export function parseMeasRggb(value: unknown): {
  measr: number | null;
  measg: number | null;
  measg2: number | null;
  measb: number | null;
} {
  const parts = typeof value === "string" ? value.trim().split(/\s+/).map(Number) : [];
  const ok = parts.length === 4 && parts.every(Number.isFinite);
  return {
    measr: ok ? parts[0]! : null,
    measg: ok ? parts[1]! : null,
    measg2: ok ? parts[2]! : null,
    measb: ok ? parts[3]! : null,
  };
}

/** A `DATE-OBS` value (ISO 8601, UTC) as a Date, or null. */
export function dateOrNull(value: unknown): Date | null {
  const t = textOrNull(value);
  if (!t) return null;
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Whether the header carries a plate solution (CRVAL1/CRVAL2 with celestial CTYPEs). */
export function isSolved(h: HeaderValues): boolean {
  const ctype1 = textOrNull(h["CTYPE1"]) ?? "";
  return (
    numberOrNull(h["CRVAL1"]) !== null && numberOrNull(h["CRVAL2"]) !== null && ctype1.startsWith("RA--")
  );
}

/** The image fields recorded from a header (numbers parsed from texts, missing keywords null). */
export function imageFields(h: HeaderValues) {
  const solved = isSolved(h);
  return {
    exptime: numberOrNull(h["EXPTIME"]),
    airmass: numberOrNull(h["AIRMASS"]),
    moonfrac: numberOrNull(h["MOONFRAC"]),
    moonsep: numberOrNull(h["MOONSEP"]),
    ha_mnt: numberOrNull(h["HA-MNT"]),
    ra_mnt: numberOrNull(h["RA-MNT"]),
    dec_mnt: numberOrNull(h["DEC-MNT"]),
    ra_image: solved ? numberOrNull(h["CRVAL1"]) : null,
    dec_image: solved ? numberOrNull(h["CRVAL2"]) : null,
    solved,
    camtemp: leadingNumber(h["CAMTEMP"]),
    circconf: leadingNumber(h["CIRCCONF"]),
    colortmp: numberOrNull(h["COLORTMP"]),
    measev: numberOrNull(h["MEASEV"]),
    measev2: numberOrNull(h["MEASEV2"]),
    ...parseMeasRggb(h["MEASRGGB"]),
    redbal: numberOrNull(h["REDBAL"]),
    bluebal: numberOrNull(h["BLUEBAL"]),
    whtlvln: numberOrNull(h["WHTLVLN"]),
    whtlvls: numberOrNull(h["WHTLVLS"]),
  };
}

/** The matching key of a field name (see normalizeFieldName), or null for none. */
export function fieldNameKey(name: string | null): string | null {
  const key = name ? normalizeFieldName(name) : "";
  return key === "" ? null : key;
}

/** The observation fields that come from a header. */
export function observationFields(h: HeaderValues) {
  const field = textOrNull(h["FIELD"]);
  const solved = isSolved(h);
  return {
    software_version: textOrNull(h["CREATOR"]),
    project: textOrNull(h["ORIGIN"]),
    field_name: field,
    field_name_key: fieldNameKey(field),
    camera_filter: textOrNull(h["FILTER"]),
    iso: numberOrNull(h["ISO"]),
    exptime: numberOrNull(h["EXPTIME"]),
    ra: solved ? numberOrNull(h["CRVAL1"]) : null,
    dec: solved ? numberOrNull(h["CRVAL2"]) : null,
  };
}

/** The unit fields that come from a header: site latitude/longitude (degrees) and elevation (metres). */
export function unitFields(h: HeaderValues) {
  const latitude = numberOrNull(h["LAT-OBS"]);
  const longitude = numberOrNull(h["LONG-OBS"]);
  const valid =
    latitude !== null && longitude !== null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
  return {
    elevation: numberOrNull(h["ELEV-OBS"]),
    location: valid ? { latitude: latitude!, longitude: longitude! } : null,
  };
}

/**
 * Compares the ids a header states with those of the object path. Anonymised or empty values (such as
 * INSTRUME 'XXXXXX') are not contradictions; a valid id that differs is. Returns one finding per mismatch.
 */
export function idContradictions(h: HeaderValues, path: ObjectPath): string[] {
  const problems: string[] = [];
  const unit = textOrNull(h["PANID"]) ?? textOrNull(h["OBSERVER"]);
  if (unit && UNIT_ID_PATTERN.test(unit) && unit !== path.unit_id) {
    problems.push(`header unit ${unit} (PANID/OBSERVER) differs from the path's ${path.unit_id}`);
  }
  const camera = textOrNull(h["INSTRUME"])?.toLowerCase();
  if (camera && CAMERA_ID_PATTERN.test(camera) && camera !== path.camera_id) {
    problems.push(`header camera ${camera} (INSTRUME) differs from the path's ${path.camera_id}`);
  }
  const compare = (keyword: string, parse: (s: string) => unknown, expected: string) => {
    const value = textOrNull(h[keyword]);
    if (!value) return;
    try {
      parse(value);
    } catch {
      return; // not a well-formed id (anonymised or legacy): nothing to compare
    }
    if (value !== expected) problems.push(`header ${keyword} ${value} differs from the path's ${expected}`);
  };
  compare("SEQID", parseSequenceId, path.sequence_id);
  compare("IMAGEID", parseImageId, path.image_id);
  return problems;
}

/** Every document field one header gives, computed once per image (recordImages and its helpers read these). */
export interface RecordFields {
  image: ReturnType<typeof imageFields>;
  observation: ReturnType<typeof observationFields>;
  unit: ReturnType<typeof unitFields>;
  /** the exposure start the header states (DATE-OBS, UTC), or null */
  time: Date | null;
}

/** The image, observation and unit fields of a header, and its exposure start. */
export function recordFields(h: HeaderValues): RecordFields {
  return {
    image: imageFields(h),
    observation: observationFields(h),
    unit: unitFields(h),
    time: dateOrNull(h["DATE-OBS"]),
  };
}
