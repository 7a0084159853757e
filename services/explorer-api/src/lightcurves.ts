import {
  normaliseLightcurve,
  lightcurveStar,
  parseStoredPoints,
  LightcurveShapeError,
  type ExportLightcurve,
} from "@panoptes/lightcurve-formats";
import {
  COLLECTIONS,
  LightcurveDocRead,
  type LightcurvePoint,
  type LightcurveView,
  type MeasuredStarRow,
  plainFirestoreValue,
  ProcessedObservationDocRead,
  type ProcessingRunRow,
  type StarSortKey,
} from "@panoptes/models";
import { HttpError, type Logger, ObjectNotFoundError, type ObjectStore } from "@panoptes/platform";
import type { DocumentSnapshot, Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import type { ExplorerApiConfig } from "./config";
import { BadParameterError, NotFoundError } from "./http-errors";
import { fileUrl } from "./links";
import { badParameter } from "./params";

/** Query parameters of a run's star list. */
export const StarQuery = z
  .object({
    sort: z.enum(["vmag", "rms"], { message: "must be vmag or rms" }).default("vmag"),
    order: z.enum(["asc", "desc"], { message: "must be asc or desc" }).default("asc"),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type StarQuery = z.infer<typeof StarQuery>;

/** Fields of a lightcurve document a star list reads (never the points: up to 1 MiB each). */
const STAR_FIELDS = [
  "sequence_id",
  "processed_observation_id",
  "target",
  "star",
  "is_target",
  "rms_ppm",
  "rms_binned_ppm",
  "expected_ppm",
  "num_points",
  "storage_path",
] as const;

/** 422: a stored lightcurve or run that cannot be read. */
export class UnreadableLightcurveError extends HttpError {
  constructor(message: string) {
    super(422, "invalid-document", message);
  }
}

const plain = (snap: DocumentSnapshot, extra: Record<string, unknown> = {}) =>
  plainFirestoreValue({ ...extra, ...snap.data() });

/** The runs of an observation, newest first, with links to their whole-run CSV and FITS. */
export async function listRuns(
  db: Firestore,
  config: ExplorerApiConfig,
  sequenceId: string,
  log: Logger,
): Promise<{ runs: ProcessingRunRow[]; skipped: string[] }> {
  const snaps = await db
    .collection(COLLECTIONS.processedObservations)
    .where("sequence_id", "==", sequenceId)
    .get();
  const runs: ProcessingRunRow[] = [];
  const skipped: string[] = [];
  for (const s of snaps.docs) {
    const r = ProcessedObservationDocRead.safeParse(plain(s, { sequence_id: sequenceId }));
    if (!r.success) {
      log.warn("skipping a processing run that cannot be read", {
        id: s.id,
        problem: r.error.issues[0]?.message,
      });
      skipped.push(s.id);
      continue;
    }
    const out = r.data.outputs;
    runs.push({
      id: s.id,
      ...r.data,
      links: {
        csv: out?.csv ? fileUrl(config, out.bucket, out.csv) : null,
        fits: out?.fits ? fileUrl(config, out.bucket, out.fits) : null,
      },
    });
  }
  // newest first; sorted here (a handful per observation) rather than by an index
  runs.sort(
    (a, b) => (b.created_time?.getTime() ?? 0) - (a.created_time?.getTime() ?? 0) || b.id.localeCompare(a.id),
  );
  return { runs, skipped };
}

/** A lightcurve document's star-list row (older documents' `target` read as the star). */
export function starRow(id: string, doc: LightcurveDocRead): MeasuredStarRow {
  return {
    lightcurve_id: id,
    star: lightcurveStar(doc),
    is_target: doc.is_target ?? false,
    rms_ppm: doc.rms_ppm ?? null,
    rms_binned_ppm: doc.rms_binned_ppm ?? null,
    expected_ppm: doc.expected_ppm ?? null,
    num_points: doc.num_points ?? doc.points?.length ?? null,
  };
}

const sortValue = (row: MeasuredStarRow, key: StarSortKey): number | null =>
  key === "vmag" ? row.star.vmag : (row.rms_ppm?.g ?? null);

/**
 * Orders star rows: the field target first, then by `sort` in `order` (missing values last, ties by id). Pure.
 */
export function orderStars(
  rows: MeasuredStarRow[],
  sort: StarSortKey,
  order: "asc" | "desc",
): MeasuredStarRow[] {
  const sign = order === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (a.is_target !== b.is_target) return a.is_target ? -1 : 1;
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) return sign * (va - vb);
    return a.star.id.localeCompare(b.star.id);
  });
}

/** The stars measured by a run: every lightcurve of the run without points, ordered and paged. */
export async function listStars(
  db: Firestore,
  sequenceId: string,
  runId: string,
  q: StarQuery,
  log: Logger,
): Promise<{ total: number; stars: MeasuredStarRow[]; next_offset: number | null; skipped: string[] }> {
  const run = await db.collection(COLLECTIONS.processedObservations).doc(runId).get();
  if (!run.exists || run.get("sequence_id") !== sequenceId) throw new NotFoundError("processing run", runId);
  const snaps = await db
    .collection(COLLECTIONS.lightcurves)
    .where("processed_observation_id", "==", runId)
    .select(...STAR_FIELDS)
    .get();
  const rows: MeasuredStarRow[] = [];
  const skipped: string[] = [];
  for (const s of snaps.docs) {
    const r = LightcurveDocRead.safeParse(plain(s));
    try {
      if (!r.success) throw new LightcurveShapeError(r.error.issues[0]?.message ?? "unreadable");
      rows.push(starRow(s.id, r.data));
    } catch (err) {
      log.warn("skipping a lightcurve that cannot be read", { id: s.id, problem: (err as Error).message });
      skipped.push(s.id);
    }
  }
  const ordered = orderStars(rows, q.sort, q.order);
  const end = q.offset + q.limit;
  return {
    total: ordered.length,
    stars: ordered.slice(q.offset, end),
    next_offset: end < ordered.length ? end : null,
    skipped,
  };
}

/** Parses a star-list query (400 naming the parameter). */
export function parseStarQuery(query: unknown): StarQuery {
  const r = StarQuery.safeParse(query);
  if (!r.success) throw badParameter(r.error);
  return r.data;
}

/** `gs://BUCKET/PATH` or a path in the processed bucket. */
function storageLocation(config: ExplorerApiConfig, path: string): { bucket: string; path: string } {
  const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(path);
  return m ? { bucket: m[1]!, path: m[2]! } : { bucket: config.PROCESSED_BUCKET, path };
}

/**
 * Lightcurve and run ids are Firestore document ids (process-observation's hold the star id, e.g.
 * `RUN_T2_300.18213+22.71085`): 1-400 printable characters without `/`, not `.` or `..`.
 */
export function lightcurveIdParam(id: string): string {
  if (!/^[\x21-\x7e]{1,400}$/.test(id) || id.includes("/") || id === "." || id === "..") {
    throw new BadParameterError(
      "id",
      "must be a document id: 1-400 printable characters without '/' or spaces",
    );
  }
  return id;
}

/**
 * One lightcurve with its points: inline, or read from `storage_path` (processed bucket) when the series is too
 * large for its document. 404 unknown; 422 unreadable document or series; 503 when a series is stored but this
 * deployment reads no storage.
 */
export async function readLightcurve(
  db: Firestore,
  config: ExplorerApiConfig,
  store: Pick<ObjectStore, "read"> | undefined,
  id: string,
): Promise<{ view: LightcurveView; exported: ExportLightcurve }> {
  const snap = await db.collection(COLLECTIONS.lightcurves).doc(id).get();
  if (!snap.exists) throw new NotFoundError("lightcurve", id);
  const r = LightcurveDocRead.safeParse(plain(snap));
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UnreadableLightcurveError(
      `lightcurve ${id} cannot be read: ${i?.path.join(".")}: ${i?.message}`,
    );
  }
  const doc = r.data;
  let points: LightcurvePoint[] = doc.points ?? [];
  if (!doc.points && doc.storage_path) {
    if (!store) throw new HttpError(503, "no-storage", "this deployment reads no stored lightcurve series");
    const at = storageLocation(config, doc.storage_path);
    let bytes: Buffer;
    try {
      bytes = await store.read(at.bucket, at.path);
    } catch (err) {
      if (err instanceof ObjectNotFoundError) {
        throw new UnreadableLightcurveError(
          `lightcurve ${id}: its series gs://${at.bucket}/${at.path} is missing`,
        );
      }
      throw err;
    }
    try {
      points = parseStoredPoints(bytes.toString("utf8"), `gs://${at.bucket}/${at.path}`);
    } catch (err) {
      throw new UnreadableLightcurveError(`lightcurve ${id}: ${(err as Error).message}`);
    }
  }
  let exported: ExportLightcurve;
  try {
    exported = normaliseLightcurve(id, doc, points);
  } catch (err) {
    throw new UnreadableLightcurveError((err as Error).message);
  }
  const row = starRow(id, doc);
  const { lightcurve_id: _id, ...summary } = row;
  void _id;
  return {
    view: {
      ...summary,
      id,
      sequence_id: doc.sequence_id,
      processed_observation_id: doc.processed_observation_id ?? null,
      comparisons: doc.comparisons ?? {},
      num_points: points.length,
      points: [...points].sort((a, b) => a.time.getTime() - b.time.getTime()),
    },
    exported,
  };
}
