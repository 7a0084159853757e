import { COLLECTIONS, type ObservationRow } from "@panoptes/models";
import type { Logger } from "@panoptes/platform";
import { inCone } from "@panoptes/sky";
import { type Firestore, Timestamp } from "firebase-admin/firestore";
import { encodeCursor } from "./cursor";
import { type ObservationPage, observationRow } from "./observations";
import { fieldNameKey, type ObservationQuery } from "./params";

/** Settings of the in-memory observation index. */
export interface MemoryIndexOptions {
  /** answers may be this stale (ms); an older index is refreshed in the background (0: refresh before answering) */
  maxAgeMs: number;
  /** a full reload replaces incremental refreshes this often (ms), catching documents without `updated_time` */
  fullReloadMs: number;
  /** above this many observations the index gives up and the caller falls back to Firestore queries */
  maxRows: number;
  /**
   * incremental refreshes read documents whose `updated_time` is at most this much (ms) before the previous
   * refresh started: a writer stamps `updated_time` before its write commits, so a document can appear up to
   * its commit latency (and clock skew) "in the past"
   */
  overlapMs?: number;
  now?: () => number;
}

/** Raised when the collection outgrew the in-memory index (the API then queries Firestore per request). */
export class IndexTooLargeError extends Error {
  readonly code = "index-too-large";
  constructor(rows: number, max: number) {
    super(`the in-memory observation index holds ${rows} rows, more than MEMORY_INDEX_MAX_ROWS=${max}`);
    this.name = "IndexTooLargeError";
  }
}

function newestFirst(a: ObservationRow, b: ObservationRow): number {
  const ta = a.time?.getTime() ?? 0;
  const tb = b.time?.getTime() ?? 0;
  return tb - ta || (a.sequence_id < b.sequence_id ? 1 : a.sequence_id > b.sequence_id ? -1 : 0);
}

function matches(q: ObservationQuery, key: string | null, r: ObservationRow): boolean {
  if (q.unit_id !== undefined && r.unit_id !== q.unit_id) return false;
  if (q.camera_id !== undefined && r.camera_id !== q.camera_id) return false;
  if (q.status !== undefined && r.status !== q.status) return false;
  if (key !== null && r.field_name_key !== key) return false;
  const t = r.time?.getTime();
  if (q.from && (t === undefined || t < q.from.getTime())) return false;
  if (q.to && (t === undefined || t >= q.to.getTime())) return false;
  if (q.min_images !== undefined && (r.num_images ?? 0) < q.min_images) return false;
  if (q.cone && !inCone(q.cone, r.ra, r.dec)) return false;
  return true;
}

/**
 * The observation list served from memory: every observation's row (its list fields, ~0.5 kB) kept in the
 * function instance, sorted newest first, refreshed incrementally by `updated_time`. Filters, exact cone
 * distance and cursors then cost microseconds per row instead of a Firestore query per request (the Firestore
 * emulator scans the whole collection for each query term: ~150 ms per term at 10,000 observations). Each
 * refresh reads only what changed since shortly before the previous one. Semantics
 * equal `listObservations` (same filters, order, cursors), which remains the fallback. Observations are never
 * deleted by the pipeline; a deleted document lingers until the next full reload.
 */
export class MemoryObservationIndex {
  private rows = new Map<string, ObservationRow>();
  /** ids of observations that could not be read (logged when met) */
  private skipped = new Set<string>();
  private sorted: ObservationRow[] | null = null;
  private loadedAt = -Infinity;
  private fullAt = -Infinity;
  private inflight: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly db: Firestore,
    private readonly log: Logger,
    private readonly options: MemoryIndexOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Number of observations held. */
  get size(): number {
    return this.rows.size;
  }

  private async load(): Promise<void> {
    const started = this.now();
    const full = started - this.fullAt >= this.options.fullReloadMs;
    const col = this.db.collection(COLLECTIONS.observations);
    const since = this.loadedAt - (this.options.overlapMs ?? 60_000);
    const snaps = full
      ? await col.get()
      : await col.where("updated_time", ">=", Timestamp.fromMillis(since)).get();
    const next = full ? new Map<string, ObservationRow>() : this.rows;
    const skipped = full ? new Set<string>() : this.skipped;
    for (const snap of snaps.docs) {
      const row = observationRow(snap, this.log);
      if (!row) {
        skipped.add(snap.id);
        next.delete(snap.id);
        continue;
      }
      skipped.delete(snap.id);
      next.set(row.sequence_id, row);
    }
    if (next.size > this.options.maxRows) throw new IndexTooLargeError(next.size, this.options.maxRows);
    this.rows = next;
    this.skipped = skipped;
    if (full || snaps.size > 0) this.sorted = null;
    this.loadedAt = started;
    if (full) this.fullAt = started;
    this.log.debug("observation index refreshed", {
      full,
      read: snaps.size,
      rows: this.rows.size,
      ms: this.now() - started,
    });
  }

  /** Refreshes now (one refresh at a time; concurrent callers share it). */
  refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => (this.inflight = null));
    return this.inflight;
  }

  /**
   * Makes the index fresh enough to answer: never older than `maxAgeMs`. Past half of that age an answer starts
   * a background refresh (so a busy instance rarely waits); past the whole of it (an instance that sat idle, or
   * `maxAgeMs` 0) the answer waits for an incremental refresh, one query for what changed since.
   */
  private async fresh(): Promise<void> {
    const age = this.now() - this.loadedAt;
    if (age > this.options.maxAgeMs || this.options.maxAgeMs === 0) return this.refresh();
    if (age > this.options.maxAgeMs / 2) {
      this.refresh().catch((err: unknown) =>
        this.log.warn("background index refresh failed", { error: err }),
      );
    }
  }

  /**
   * One page of the newest-first list; same contract as `listObservations`, but `skipped` names the unreadable
   * observations of the collection (of the unit and camera asked for), on the first page only.
   */
  async list(q: ObservationQuery): Promise<ObservationPage> {
    await this.fresh();
    this.sorted ??= [...this.rows.values()].sort(newestFirst);
    const rows = this.sorted;
    let i = 0;
    if (q.cursor) {
      const { time, id } = q.cursor;
      // Binary search for the first row strictly after the cursor in (time desc, id desc) order.
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const r = rows[mid]!;
        const t = r.time?.getTime() ?? 0;
        const after = t < time || (t === time && r.sequence_id < id);
        if (after) hi = mid;
        else lo = mid + 1;
      }
      i = lo;
    }
    const key = q.field === undefined ? null : fieldNameKey(q.field);
    const out: ObservationRow[] = [];
    // A sequence id names its unit and camera, so those filters apply to unreadable documents too.
    const skipped = q.cursor
      ? []
      : [...this.skipped]
          .filter(
            (id) =>
              (!q.unit_id || id.startsWith(`${q.unit_id}_`)) &&
              (!q.camera_id || id.includes(`_${q.camera_id}_`)),
          )
          .sort();
    let scanned = 0;
    for (; i < rows.length; i++) {
      const r = rows[i]!;
      scanned++;
      if (!matches(q, key, r)) continue;
      if (out.length === q.limit) {
        const last = out[out.length - 1]!;
        return {
          observations: out,
          next_cursor: encodeCursor({ time: last.time?.getTime() ?? 0, id: last.sequence_id }),
          scanned,
          skipped,
        };
      }
      out.push(r);
    }
    return { observations: out, next_cursor: null, scanned, skipped };
  }
}
