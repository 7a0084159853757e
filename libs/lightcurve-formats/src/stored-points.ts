import { LightcurvePoint } from "@panoptes/models";
import { z } from "zod";
import { LightcurveShapeError } from "./lightcurve";

const StoredPoint = LightcurvePoint.extend({ time: z.coerce.date() });
const StoredSeries = z.union([z.array(StoredPoint), z.object({ points: z.array(StoredPoint) })]);

/**
 * The points of a lightcurve kept in the processed bucket (`storage_path`, when the series is beyond Firestore's
 * 1 MiB per document): JSON text, either an array of points or `{points: [...]}`, times as ISO 8601 UTC.
 * Throws a LightcurveShapeError naming the first problem.
 */
export function parseStoredPoints(text: string, path: string): LightcurvePoint[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LightcurveShapeError(`${path}: not JSON (${(err as Error).message})`);
  }
  const r = StoredSeries.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new LightcurveShapeError(`${path}: not a lightcurve series (${i?.path.join(".")}: ${i?.message})`);
  }
  return Array.isArray(r.data) ? r.data : r.data.points;
}
