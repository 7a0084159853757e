import {
  COLLECTIONS,
  ObservationDocRead,
  type ObservationPageBody,
  type ObservationRow,
  plainFirestoreValue,
  statusWordsFor,
} from "@panoptes/models";
import type { Logger } from "@panoptes/platform";
import { inCone, planConeQuery } from "@panoptes/sky";
import {
  FieldPath,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
  Timestamp,
} from "firebase-admin/firestore";
import { encodeCursor } from "./cursor";
import { fieldNameKey, type ObservationQuery } from "./params";

/** One page of observations, newest first, and what it cost. */
export interface ObservationPage extends ObservationPageBody {
  /** documents read from Firestore for this page (post-filters may reject some) */
  scanned: number;
}

/** Most documents one request reads while post-filtering, so a rare match cannot make a request slow. */
export const MAX_SCAN = 3000;

/**
 * Turns a stored observation (2020 shapes included) into an API row; returns null, logs and adds the id to
 * `skipped` for a document that cannot be read.
 */
export function observationRow(
  snap: QueryDocumentSnapshot,
  log: Logger,
  skipped?: string[],
): ObservationRow | null {
  const r = ObservationDocRead.safeParse(plainFirestoreValue({ sequence_id: snap.id, ...snap.data() }));
  if (!r.success) {
    log.warn("skipping an observation that does not match its schema", {
      id: snap.id,
      issues: r.error.issues.slice(0, 3),
    });
    skipped?.push(snap.id);
    return null;
  }
  const { sky_cells: _omit, ...row } = r.data;
  void _omit;
  return row;
}

/**
 * The Firestore part of a query: equality filters, time range and sky cells, newest first with the document id
 * as tie-break (so cursors are exact). Each equality filter has its own (field, time desc) composite index and
 * Firestore merges them, so any combination works without an index per combination (see README).
 */
function baseQuery(db: Firestore, q: ObservationQuery): Query {
  let query: Query = db.collection(COLLECTIONS.observations);
  if (q.unit_id) query = query.where("unit_id", "==", q.unit_id);
  if (q.camera_id) query = query.where("camera_id", "==", q.camera_id);
  // Until `panoptes migrate` ran, some documents hold an older word for the same state.
  if (q.status) query = query.where("status", "in", statusWordsFor("observation", q.status));
  if (q.field) query = query.where("field_name_key", "==", fieldNameKey(q.field));
  if (q.from) query = query.where("time", ">=", Timestamp.fromDate(q.from));
  if (q.to) query = query.where("time", "<", Timestamp.fromDate(q.to));
  if (q.cone) {
    const plan = planConeQuery(q.cone.ra, q.cone.dec, q.cone.radius);
    query = query.where("sky_cells", "array-contains-any", plan.cells);
  }
  query = query.orderBy("time", "desc").orderBy(FieldPath.documentId(), "desc");
  if (q.cursor) query = query.startAfter(Timestamp.fromMillis(q.cursor.time), q.cursor.id);
  return query;
}

function cursorOf(snap: QueryDocumentSnapshot): string {
  // A 2020 document may hold its time as a string; Firestore orders those after every timestamp.
  const t: unknown = snap.get("time");
  return encodeCursor({ time: t instanceof Timestamp ? t.toMillis() : 0, id: snap.id });
}

/** Whether a row passes the filters Firestore cannot apply: exact cone distance and minimum image count. */
function passesPostFilters(q: ObservationQuery, row: ObservationRow): boolean {
  if (q.cone && !inCone(q.cone, row.ra, row.dec)) return false;
  if (q.min_images !== undefined && (row.num_images ?? 0) < q.min_images) return false;
  return true;
}

/**
 * One page of the observation list. Without post-filters it reads `limit + 1` documents (the extra one tells
 * whether a next page exists). With a cone or `min_images` it reads batches until the page is full, the
 * collection ends, or `maxScan` documents were read; a page may then hold fewer than `limit` rows while
 * `next_cursor` still continues the scan.
 */
export async function listObservations(
  db: Firestore,
  q: ObservationQuery,
  log: Logger,
  maxScan = MAX_SCAN,
): Promise<ObservationPage> {
  const post = q.cone !== undefined || q.min_images !== undefined;
  const out: ObservationRow[] = [];
  const skipped: string[] = [];
  let query = baseQuery(db, q);
  let scanned = 0;
  const batch = post ? Math.max(100, q.limit * 4) : q.limit + 1;
  for (;;) {
    const snaps = (await query.limit(batch).get()).docs;
    scanned += snaps.length;
    for (let i = 0; i < snaps.length; i++) {
      const snap = snaps[i]!;
      if (out.length === q.limit) {
        // A document beyond a full page exists: continue after the page's last row.
        return { observations: out, next_cursor: cursorOf(snaps[i - 1] ?? snap), scanned, skipped };
      }
      const row = observationRow(snap, log, skipped);
      if (row && passesPostFilters(q, row)) out.push(row);
    }
    const last = snaps[snaps.length - 1];
    if (snaps.length < batch || !last) return { observations: out, next_cursor: null, scanned, skipped };
    if (out.length === q.limit) return { observations: out, next_cursor: cursorOf(last), scanned, skipped };
    if (scanned >= maxScan) return { observations: out, next_cursor: cursorOf(last), scanned, skipped };
    query = query.startAfter(last);
  }
}
