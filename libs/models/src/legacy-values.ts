import { z } from "zod";
import { parseTimestamp, TIMESTAMP_PATTERN } from "./ids";
import { currentStatus, type StatusKind } from "./status";

/**
 * Documents as the 2020 network (and this project before its vocabulary change) wrote them, made readable:
 * numbers stored as strings, times as strings (ISO 8601 or `YYYYMMDDTHHMMSS`, UTC), nulls where a field is
 * required, numeric unit ids, older field names and status words. Applied after plainFirestoreValue (so
 * Timestamps are Dates and GeoPoints plain objects) and before the `*Read` schemas.
 */

/** A time written as ISO 8601 or `YYYYMMDDTHHMMSS` (UTC), or null when the text is neither. */
export function parseLegacyTime(text: string): Date | null {
  const t = text.trim();
  if (TIMESTAMP_PATTERN.test(t)) {
    try {
      return parseTimestamp(t);
    } catch {
      return null;
    }
  }
  // ISO 8601 only (Date.parse alone would accept "3" or "March 5"); no zone means UTC, as the network writes.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(t) || t.length === 10 ? t : `${t}Z`;
  const date = new Date(zoned.replace(" ", "T"));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A number written as a decimal string (`"120"`, `" 1.5e3 "`), possibly with the unit the header card had
 * (`"13 C"`, `"0.019 mm"`, as the 2020 services copied CAMTEMP and CIRCCONF), or null when the text is not one.
 */
export function parseLegacyNumber(text: string): number | null {
  const m = /^([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)(\s+[A-Za-z]{1,3})?$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/** Field names the 2020 services wrote → the names used now, per collection. */
export const LEGACY_FIELD_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  observations: {
    field: "field_name",
    start_time: "time",
    pocs_version: "software_version",
    origin: "project",
  },
  units: {},
  images: {},
};

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

/**
 * Rewrites a plain document (Timestamps already Dates) so the current schema `shape` can read it. Per field of
 * the shape: a numeric string where a number is expected becomes the number; a time string where a Date is
 * expected becomes the Date; a null where null is not allowed is dropped (treated as absent); a unit id stored as
 * a number (2020: `1`) becomes `PAN001`, a camera id is lower-cased; `status` is mapped to the current word. Older field names are renamed
 * when the current name is absent. What cannot be converted is left for the schema to reject.
 */
export function normaliseLegacyDocument(
  shape: Record<string, z.ZodType>,
  collection: string,
  kind: StatusKind,
  doc: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const [old, name] of Object.entries(LEGACY_FIELD_NAMES[collection] ?? {})) {
    if (old in out && (out[name] === undefined || out[name] === null)) out[name] = out[old];
    delete out[old];
  }
  for (const [key, value] of Object.entries(out)) {
    const field = shape[key];
    if (!field) continue;
    if (value === null) {
      if (!accepts(field, null)) delete out[key];
    } else if (key === "unit_id" && (typeof value === "number" || /^\d{1,3}$/.test(String(value)))) {
      out[key] = `PAN${String(value).padStart(3, "0")}`;
    } else if (key === "camera_id" && typeof value === "string" && value !== value.toLowerCase()) {
      out[key] = value.toLowerCase();
    } else if (key === "status" && typeof value === "string") {
      out[key] = currentStatus(kind, value);
    } else if (typeof value === "string" && !accepts(field, value)) {
      if (value.trim() === "") out[key] = null;
      else if (accepts(field, 0)) out[key] = parseLegacyNumber(value) ?? value;
      else if (accepts(field, new Date(0))) out[key] = parseLegacyTime(value) ?? value;
      if (out[key] === null && !accepts(field, null)) delete out[key];
    }
  }
  return out;
}
