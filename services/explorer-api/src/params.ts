import { CAMERA_ID_PATTERN, currentStatus, OBSERVATION_STATUSES, UNIT_ID_PATTERN } from "@panoptes/models";
import { z } from "zod";
import { decodeCursor, type Cursor } from "./cursor";
import { BadParameterError } from "./http-errors";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A UTC date `YYYY-MM-DD` or an ISO 8601 time with a zone; `end` makes a date-only value the next midnight. */
const utcTime = (end: boolean) =>
  z.string().transform((s, ctx) => {
    if (!DATE_ONLY.test(s) && !DATE_TIME.test(s)) {
      ctx.addIssue({
        code: "custom",
        message: `must be YYYY-MM-DD or an ISO 8601 time with Z, got ${JSON.stringify(s)}`,
      });
      return z.NEVER;
    }
    const d = new Date(DATE_ONLY.test(s) ? `${s}T00:00:00Z` : s);
    if (Number.isNaN(d.getTime()) || (DATE_ONLY.test(s) && d.toISOString().slice(0, 10) !== s)) {
      ctx.addIssue({ code: "custom", message: `is not a real date, got ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return DATE_ONLY.test(s) && end ? new Date(d.getTime() + 86_400_000) : d;
  });

const num = (what: string) =>
  z
    .string()
    .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/, `must be a number (${what})`)
    .transform(Number);

/** Query parameters of the observation list and its exports (every value arrives as a string). */
export const ObservationQueryParams = z
  .object({
    unit_id: z.string().regex(UNIT_ID_PATTERN, "must be PAN followed by 3 digits, e.g. PAN001").optional(),
    camera_id: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.string().regex(CAMERA_ID_PATTERN, "must be 6 hexadecimal characters, e.g. 14d3bd"))
      .optional(),
    status: z
      .string()
      .transform((w) => currentStatus("observation", w))
      .pipe(z.enum(OBSERVATION_STATUSES, { message: `must be one of ${OBSERVATION_STATUSES.join(", ")}` }))
      .optional(),
    min_images: z
      .string()
      .regex(/^\d{1,6}$/, "must be a whole number ≥ 0")
      .transform(Number)
      .optional(),
    field: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(100, "must be at most 100 characters")
      .optional(),
    from: utcTime(false).optional(),
    to: utcTime(true).optional(),
    ra: num("degrees, 0 ≤ ra < 360")
      .pipe(z.number().min(0, "must be ≥ 0 degrees").lt(360, "must be < 360 degrees"))
      .optional(),
    dec: num("degrees, -90 ≤ dec ≤ 90")
      .pipe(z.number().min(-90, "must be ≥ -90 degrees").max(90, "must be ≤ 90 degrees"))
      .optional(),
    radius: num("degrees, 0 < radius ≤ 180")
      .pipe(z.number().gt(0, "must be > 0 degrees").max(180, "must be ≤ 180 degrees"))
      .optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, "must be a whole number from 1 to 200")
      .transform(Number)
      .pipe(z.number().min(1, "must be at least 1").max(200, "must be at most 200"))
      .optional(),
    cursor: z.string().max(500, "is too long").optional(),
    format: z.enum(["json", "csv"], { message: "must be json or csv" }).optional(),
  })
  .strict();

/** A validated observation query. */
export interface ObservationQuery {
  unit_id?: string;
  camera_id?: string;
  status?: string;
  min_images?: number;
  /** field name as typed; matched on the normalised `field_name_key` */
  field?: string;
  /** inclusive start (UTC) */
  from?: Date;
  /** exclusive end (UTC); a date-only `to` includes that whole day */
  to?: Date;
  cone?: { ra: number; dec: number; radius: number };
  limit: number;
  cursor?: Cursor;
  format: "json" | "csv";
}

/** The first problem of a zod parse as a BadParameterError naming the parameter. */
export function badParameter(error: z.ZodError): BadParameterError {
  const issue = error.issues[0];
  if (!issue) return new BadParameterError("(query)", "is invalid");
  if (issue.code === "unrecognized_keys") {
    return new BadParameterError(issue.keys.join(", "), "is not a parameter of this route");
  }
  return new BadParameterError(String(issue.path[0] ?? "(query)"), issue.message);
}

/** Validates the observation list's query string; throws BadParameterError naming the first bad parameter. */
export function parseObservationQuery(query: unknown, defaultLimit = 50): ObservationQuery {
  const r = ObservationQueryParams.safeParse(query ?? {});
  if (!r.success) throw badParameter(r.error);
  const p = r.data;
  if ((p.ra === undefined) !== (p.dec === undefined)) {
    throw new BadParameterError(
      p.ra === undefined ? "ra" : "dec",
      "ra and dec must be given together for a cone search",
    );
  }
  if (p.radius !== undefined && p.ra === undefined) {
    throw new BadParameterError("radius", "needs ra and dec (the cone's centre)");
  }
  if (p.from && p.to && p.from >= p.to) throw new BadParameterError("to", "must be after from");
  const q: ObservationQuery = { limit: p.limit ?? defaultLimit, format: p.format ?? "json" };
  if (p.unit_id !== undefined) q.unit_id = p.unit_id;
  if (p.camera_id !== undefined) q.camera_id = p.camera_id;
  if (p.status !== undefined) q.status = p.status;
  if (p.min_images !== undefined) q.min_images = p.min_images;
  if (p.field !== undefined) q.field = p.field;
  if (p.from !== undefined) q.from = p.from;
  if (p.to !== undefined) q.to = p.to;
  if (p.ra !== undefined && p.dec !== undefined) q.cone = { ra: p.ra, dec: p.dec, radius: p.radius ?? 1 };
  if (p.cursor !== undefined) q.cursor = decodeCursor(p.cursor);
  return q;
}

/** The normalised field name `field_name_key` matches: lower case without spaces, underscores or dashes. */
export function fieldNameKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}
