import {
  LEGACY_FIELD_NAMES,
  normaliseLegacyDocument,
  normalizeFieldName,
  ObservationDoc,
  ProcessedObservationDoc,
  type StatusKind,
  UnitDoc,
} from "@panoptes/models";
import { skyIndexFields } from "@panoptes/sky";
import type { z } from "zod";

/** A collection `panoptes migrate` rewrites: its current schema and status vocabulary. */
export interface MigratedCollection {
  collection: string;
  kind: StatusKind;
  shape: Record<string, z.ZodType>;
}

/**
 * What `panoptes migrate` rewrites. Images are left out: their words did not change, readers accept their older
 * value types, and there are millions of them (record-image rewrites an image it records again).
 */
export const MIGRATED_COLLECTIONS: readonly MigratedCollection[] = [
  { collection: "units", kind: "unit", shape: UnitDoc.shape },
  { collection: "observations", kind: "observation", shape: ObservationDoc.shape },
  { collection: "processed_observations", kind: "processing", shape: ProcessedObservationDoc.shape },
];

/** One field rewrite: what was stored and what replaces it (`to: undefined` deletes an older field name). */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The rewrites one stored document (plain: Timestamps as Dates) needs, empty when none: what the reader
 * schemas convert (normaliseLegacyDocument: older status words, numbers and times stored as strings, numeric
 * unit ids, older field names, deleted once copied) written back as current values, plus the search fields a
 * 2020 observation lacks (`field_name_key`, `sky_cells`). Nulls are left alone, and so is what cannot be
 * converted (readers report it). Pure; a second plan of the result is empty.
 */
export function planDocumentMigration(spec: MigratedCollection, doc: Record<string, unknown>): FieldChange[] {
  const next = normaliseLegacyDocument(spec.shape, spec.collection, spec.kind, doc);
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(next)) {
    if (to === undefined || to === null || same(doc[field], to)) continue;
    // only what now reads as the current schema's type (a string it could not convert stays as it is)
    if (!spec.shape[field]?.safeParse(to).success) continue;
    changes.push({ field, from: doc[field], to });
  }
  for (const old of Object.keys(LEGACY_FIELD_NAMES[spec.collection] ?? {}))
    if (old in doc && !(old in next)) changes.push({ field: old, from: doc[old], to: undefined });
  if (spec.collection === "observations") {
    const name = typeof next.field_name === "string" ? next.field_name : null;
    if (name && doc.field_name_key === undefined)
      changes.push({ field: "field_name_key", from: undefined, to: normalizeFieldName(name) });
    const ra = typeof next.ra === "number" ? next.ra : null;
    const dec = typeof next.dec === "number" ? next.dec : null;
    if (
      doc.sky_cells === undefined &&
      ra !== null &&
      dec !== null &&
      ra >= 0 &&
      ra < 360 &&
      Math.abs(dec) <= 90
    )
      changes.push({ field: "sky_cells", from: undefined, to: skyIndexFields(ra, dec).sky_cells });
  }
  return changes;
}
