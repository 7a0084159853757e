import { plainFirestoreValue } from "@panoptes/models";
import {
  FieldPath,
  FieldValue,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
  Timestamp,
} from "firebase-admin/firestore";
import {
  type FieldChange,
  MIGRATED_COLLECTIONS,
  type MigratedCollection,
  planDocumentMigration,
} from "./migration-plan";

/** Firestore's limit on writes in one batch. */
export const MAX_BATCH_WRITES = 500;

export interface MigrateOptions {
  /** report what would change, write nothing */
  dryRun: boolean;
  /** documents read (and at most written) per batch, 1-500 */
  batchSize?: number;
  /** only documents whose id starts with this (e.g. a unit id: its unit and observations) */
  idPrefix?: string;
  /** called after each page with the documents scanned so far and the total to scan */
  onProgress?: (p: { collection: string; scanned: number; total: number }) => void;
}

export interface CollectionReport {
  collection: string;
  scanned: number;
  /** documents needing (dry run) or given (otherwise) a rewrite */
  changed: number;
  batches: number;
  /** per rewrite, e.g. `status: receiving → receiving_files`, how many documents */
  rewrites: Record<string, number>;
  /** a few ids of changed documents */
  examples: string[];
}

export interface MigrateReport {
  dry_run: boolean;
  collections: CollectionReport[];
  changed: number;
}

function describe(c: FieldChange): string {
  if (c.field === "status") return `status: ${String(c.from)} → ${String(c.to)}`;
  if (c.to === undefined) return `${c.field}: removed (renamed)`;
  if (c.from === undefined) return `${c.field}: added`;
  const type = (v: unknown) => (v instanceof Date ? "timestamp" : typeof v);
  return `${c.field}: ${type(c.from)} → ${type(c.to)}`;
}

function stored(v: unknown): unknown {
  if (v === undefined) return FieldValue.delete();
  if (v instanceof Date) return Timestamp.fromDate(v);
  return v;
}

async function migrateCollection(
  db: Firestore,
  spec: MigratedCollection,
  options: MigrateOptions,
): Promise<CollectionReport> {
  const size = Math.min(MAX_BATCH_WRITES, Math.max(1, options.batchSize ?? MAX_BATCH_WRITES));
  let col: Query = db.collection(spec.collection);
  if (options.idPrefix) {
    col = col
      .where(FieldPath.documentId(), ">=", options.idPrefix)
      .where(FieldPath.documentId(), "<", `${options.idPrefix}\uf8ff`);
  }
  const total = (await col.count().get()).data().count;
  const report: CollectionReport = {
    collection: spec.collection,
    scanned: 0,
    changed: 0,
    batches: 0,
    rewrites: {},
    examples: [],
  };
  let last: QueryDocumentSnapshot | undefined;
  options.onProgress?.({ collection: spec.collection, scanned: 0, total });
  for (;;) {
    let query = col.orderBy(FieldPath.documentId()).limit(size);
    if (last) query = query.startAfter(last);
    const page = await query.get();
    if (page.empty) break;
    last = page.docs[page.docs.length - 1];
    const batch = db.batch();
    let writes = 0;
    for (const snap of page.docs) {
      const changes = planDocumentMigration(
        spec,
        plainFirestoreValue(snap.data()) as Record<string, unknown>,
      );
      if (changes.length === 0) continue;
      report.changed++;
      if (report.examples.length < 5) report.examples.push(snap.id);
      for (const c of changes) report.rewrites[describe(c)] = (report.rewrites[describe(c)] ?? 0) + 1;
      const update = Object.fromEntries(changes.map((c) => [c.field, stored(c.to)]));
      batch.update(snap.ref, update);
      writes++;
    }
    if (writes > 0 && !options.dryRun) {
      await batch.commit();
      report.batches++;
    }
    report.scanned += page.size;
    options.onProgress?.({ collection: spec.collection, scanned: report.scanned, total });
    if (page.size < size) break;
  }
  return report;
}

/**
 * Rewrites documents written with older status words or value types (planDocumentMigration) in the collections
 * of MIGRATED_COLLECTIONS: pages of `batchSize` documents in document-id order, each page's rewrites committed
 * as one batch (≤ 500 writes). Idempotent: a second run finds nothing to change. With `dryRun`, reads and reports
 * only. Safe beside the live pipeline: each rewrite sets only the fields it converts.
 */
export async function migrateLegacyDocuments(db: Firestore, options: MigrateOptions): Promise<MigrateReport> {
  const collections: CollectionReport[] = [];
  for (const spec of MIGRATED_COLLECTIONS) collections.push(await migrateCollection(db, spec, options));
  return {
    dry_run: options.dryRun,
    collections,
    changed: collections.reduce((a, c) => a + c.changed, 0),
  };
}
