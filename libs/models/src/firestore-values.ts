/**
 * Firestore values at the edge: Timestamps become Dates and GeoPoints `{latitude, longitude}` before a
 * document meets a zod schema. Duck-typed so this library needs no Firestore SDK.
 */

function isTimestampLike(v: object): v is { toDate(): Date } {
  return typeof (v as { toDate?: unknown }).toDate === "function";
}

function isGeoPointLike(v: object): v is { latitude: number; longitude: number } {
  const g = v as { latitude?: unknown; longitude?: unknown; isEqual?: unknown };
  return typeof g.latitude === "number" && typeof g.longitude === "number" && typeof g.isEqual === "function";
}

/** Recursively replaces Timestamp-like values by Dates and GeoPoint-like values by plain lat/lng objects. */
export function plainFirestoreValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (isTimestampLike(value)) return value.toDate();
  if (isGeoPointLike(value)) return { latitude: value.latitude, longitude: value.longitude };
  if (Array.isArray(value)) return value.map(plainFirestoreValue);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainFirestoreValue(v)]));
}
