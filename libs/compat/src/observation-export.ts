import { COLLECTIONS, ObservationDocRead, plainFirestoreValue } from "@panoptes/models";
import { FieldPath, type Firestore, type QueryDocumentSnapshot } from "firebase-admin/firestore";

/**
 * The columns of `observations.csv` / `observations.json`, in order: the observation table of the 2020 network
 * (its fields as ARCHITECTURE.md lists them). Times are ISO 8601 UTC; ra/dec and exptime in degrees and seconds.
 */
export const OBSERVATION_EXPORT_COLUMNS = [
  "sequence_id",
  "unit_id",
  "camera_id",
  "time",
  "received_time",
  "software_version",
  "project",
  "field_name",
  "camera_filter",
  "iso",
  "exptime",
  "ra",
  "dec",
  "status",
  "num_images",
  "total_minutes_exptime",
] as const;

export type ObservationExportRow = Record<
  (typeof OBSERVATION_EXPORT_COLUMNS)[number],
  string | number | null
>;

/** One observation as an export row (absent fields null, Dates as ISO 8601 strings). */
export function exportRow(doc: Record<string, unknown>): ObservationExportRow {
  return Object.fromEntries(
    OBSERVATION_EXPORT_COLUMNS.map((c) => {
      const v = doc[c];
      return [
        c,
        v instanceof Date ? v.toISOString() : typeof v === "number" || typeof v === "string" ? v : null,
      ];
    }),
  ) as ObservationExportRow;
}

/** One CSV field per RFC 4180: quoted when it holds a comma, quote or line break; null is empty. */
function csvField(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV (header line, CRLF line ends as RFC 4180 says). */
export function observationsCsv(rows: readonly ObservationExportRow[]): string {
  const lines = [OBSERVATION_EXPORT_COLUMNS.join(",")];
  for (const r of rows) lines.push(OBSERVATION_EXPORT_COLUMNS.map((c) => csvField(r[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

export interface ObservationExport {
  rows: ObservationExportRow[];
  /** ids of documents that could not be read (each also logged by the caller) */
  skipped: { id: string; problem: string }[];
}

/**
 * Every observation, read in pages of `pageSize` by document id through the tolerant reader (2020 documents
 * included), sorted newest first (then by id). A document that cannot be read is skipped and named in `skipped`.
 */
export async function collectObservationExport(db: Firestore, pageSize = 1000): Promise<ObservationExport> {
  const out: ObservationExport = { rows: [], skipped: [] };
  const times = new Map<ObservationExportRow, number>();
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    let q = db.collection(COLLECTIONS.observations).orderBy(FieldPath.documentId()).limit(pageSize);
    if (last) q = q.startAfter(last);
    const page = await q.get();
    for (const snap of page.docs) {
      const r = ObservationDocRead.safeParse(plainFirestoreValue({ sequence_id: snap.id, ...snap.data() }));
      if (!r.success) {
        const i = r.error.issues[0];
        out.skipped.push({ id: snap.id, problem: i ? `${i.path.join(".")}: ${i.message}` : "unreadable" });
        continue;
      }
      const row = exportRow(r.data);
      times.set(row, r.data.time?.getTime() ?? 0);
      out.rows.push(row);
    }
    if (page.size < pageSize) break;
    last = page.docs[page.docs.length - 1];
  }
  out.rows.sort(
    (a, b) => times.get(b)! - times.get(a)! || String(a.sequence_id).localeCompare(String(b.sequence_id)),
  );
  return out;
}

/** The two static files the 2020 Data Explorer read: `observations.csv` and `observations.json` (an array). */
export function observationExportFiles(rows: readonly ObservationExportRow[]): { csv: string; json: string } {
  return { csv: observationsCsv(rows), json: JSON.stringify(rows) };
}

/** Where the static files go: `observations.csv` and `observations.json` at the top of `bucket`. */
export const OBSERVATION_EXPORT_OBJECTS = { csv: "observations.csv", json: "observations.json" } as const;

/** The part of an object store publishing needs (libs/platform's ObjectStore fits). */
export interface ExportStore {
  write(
    bucket: string,
    path: string,
    data: Buffer | Uint8Array,
    options?: { contentType?: string; metadata?: Record<string, string> },
  ): Promise<unknown>;
}

export interface PublishedExport {
  bucket: string;
  objects: string[];
  observations: number;
  skipped: ObservationExport["skipped"];
}

/**
 * Regenerates `observations.csv` and `observations.json` (every observation, OBSERVATION_EXPORT_COLUMNS) in
 * `bucket`, where the 2020 Data Explorer and scripts read them (`https://storage.googleapis.com/BUCKET/...`).
 * The scheduled function and `panoptes export observations --publish` both run this.
 */
export async function publishObservationExports(
  db: Firestore,
  store: ExportStore,
  bucket: string,
  now: Date = new Date(),
): Promise<PublishedExport> {
  const { rows, skipped } = await collectObservationExport(db);
  const files = observationExportFiles(rows);
  const metadata = { generated_time: now.toISOString(), observations: String(rows.length) };
  await store.write(bucket, OBSERVATION_EXPORT_OBJECTS.csv, Buffer.from(files.csv), {
    contentType: "text/csv; charset=utf-8",
    metadata,
  });
  await store.write(bucket, OBSERVATION_EXPORT_OBJECTS.json, Buffer.from(files.json), {
    contentType: "application/json",
    metadata,
  });
  return {
    bucket,
    objects: [OBSERVATION_EXPORT_OBJECTS.csv, OBSERVATION_EXPORT_OBJECTS.json],
    observations: rows.length,
    skipped,
  };
}
