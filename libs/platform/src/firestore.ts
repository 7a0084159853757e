import { plainFirestoreValue } from "@panoptes/models";
import type { App } from "firebase-admin/app";
import { type DocumentSnapshot, type Firestore, GeoPoint, getFirestore } from "firebase-admin/firestore";
import type { z } from "zod";
import { PermanentError } from "./errors";

/** The Firestore client of an app, with `undefined` fields ignored rather than rejected. */
export function firestoreFor(app: App): Firestore {
  const db = getFirestore(app);
  // settings() may be called once per instance; a second call for the same app throws, so remember it.
  const flagged = db as Firestore & { __panoptesSettings?: boolean };
  if (!flagged.__panoptesSettings) {
    db.settings({ ignoreUndefinedProperties: true });
    flagged.__panoptesSettings = true;
  }
  return db;
}

/** Raised when a stored document does not match its schema. */
export class InvalidDocumentError extends PermanentError {
  constructor(path: string, problems: string) {
    super("invalid-document", `document ${path} does not match its schema: ${problems}`);
  }
}

/**
 * Reads a snapshot through a schema: Timestamps become Dates, GeoPoints `{latitude, longitude}`, then zod
 * validates. With `idField`, the document id fills that field when the document lacks it (the 2020 network did
 * not store ids in its documents). Returns null for a missing document.
 */
export function readDoc<S extends z.ZodType>(
  schema: S,
  snap: DocumentSnapshot,
  idField?: string,
): z.infer<S> | null {
  if (!snap.exists) return null;
  const data = idField ? { [idField]: snap.id, ...snap.data() } : snap.data();
  const result = schema.safeParse(plainFirestoreValue(data));
  if (!result.success) {
    throw new InvalidDocumentError(
      snap.ref.path,
      result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  }
  return result.data;
}

function isLatLng(v: object): v is { latitude: number; longitude: number } {
  const keys = Object.keys(v);
  return keys.length === 2 && keys.includes("latitude") && keys.includes("longitude");
}

/** Prepares plain data for a write: `{latitude, longitude}` objects become GeoPoints (Dates stay Dates). */
export function toFirestoreData(value: unknown): unknown {
  if (value === null || typeof value !== "object" || value instanceof Date || value instanceof GeoPoint)
    return value;
  if (Array.isArray(value)) return value.map(toFirestoreData);
  if (isLatLng(value)) return new GeoPoint(value.latitude, value.longitude);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toFirestoreData(v)]));
}
