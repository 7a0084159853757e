import { type ObjectMessage, objectMessage, type ObjectPath, parseObjectPath } from "@panoptes/models";
import { errorInfo, errorKind, type ObjectInfo, type ObjectStore } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";
import { readRecordItem } from "./read-item";
import type { RecordItem } from "./record";
import { createImageRecorder } from "./recorder";

/** The message a stored object would have produced, so backfilled and live records are identical. */
export function messageFor(object: ObjectInfo, path: ObjectPath): ObjectMessage {
  return objectMessage(
    {
      bucket: object.bucket,
      generation: object.generation,
      size: object.size,
      content_type: object.contentType,
      md5: object.md5,
      time_created: object.updated,
    },
    path,
  );
}

export interface BackfillProgress {
  listed: number;
  recorded: number;
  skipped: number;
  failed: number;
  ignored: number;
}

export interface BackfillFailure {
  bucket_path: string;
  code: string;
  message: string;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * Records every FITS object under `prefix` in `bucket`. Lists a page, reads headers with ranged reads
 * (`concurrency` at a time), and hands the whole page to the group commit keyed by unit that record-image uses
 * (createImageRecorder; up to `batchSize` images per transaction), so each unit's batches are full and units
 * commit in parallel, while the next page is listed and read. Counters are aggregated per batch, so no
 * document is written more than once per transaction however many images it counts. Idempotent: a re-run skips what
 * is recorded, and live uploads recorded meanwhile are not counted twice. Objects whose path does not parse,
 * or that are not FITS, are counted as ignored; unreadable files and contradicting ids as failed (reported,
 * not written). A transient failure (Firestore or Storage unavailable) stops the run: run it again.
 */
export async function runBackfill(options: {
  db: Firestore;
  store: ObjectStore;
  bucket: string;
  prefix?: string;
  batchSize?: number;
  concurrency?: number;
  /** objects listed per page (default 1000) */
  pageSize?: number;
  now?: () => Date;
  onProgress?: (p: BackfillProgress, failures: BackfillFailure[]) => void;
}): Promise<BackfillProgress & { failures: BackfillFailure[] }> {
  const { db, store, bucket } = options;
  const recorder = createImageRecorder(db, { maxBatch: options.batchSize, now: options.now });
  const progress: BackfillProgress = { listed: 0, recorded: 0, skipped: 0, failed: 0, ignored: 0 };
  const failures: BackfillFailure[] = [];
  const fail = (bucket_path: string, error: { code: string; message: string }) => {
    progress.failed++;
    failures.push({ bucket_path, ...error });
  };

  // The first transient failure: stops reading, and is thrown once what is in flight has settled.
  let stopped = null as { reason: unknown } | null;
  const failOrStop = (bucket_path: string, err: unknown) => {
    if (errorKind(err) === "transient") stopped ??= { reason: err };
    else fail(bucket_path, errorInfo(err));
  };

  /** Reads one object's record item; null when it cannot be recorded (reported as failed, or a stop). */
  async function readItem(object: ObjectInfo, path: ObjectPath): Promise<RecordItem | null> {
    try {
      return (await readRecordItem(store, messageFor(object, path), path)).item;
    } catch (err) {
      failOrStop(object.path, err);
    }
    return null;
  }

  /** Records a page's images: all submitted at once, so each unit's batches are full and units commit in parallel. */
  const recordAll = (items: RecordItem[]) =>
    Promise.all(
      items.map((item) =>
        recorder.record(item).then(
          (outcome) => {
            if (outcome === "created" || outcome === "updated") progress.recorded++;
            else progress.skipped++;
          },
          (err: unknown) => failOrStop(item.message.bucket_path, err),
        ),
      ),
    );

  // Pipelined: page N's transactions run while page N+1 is listed and its headers read (two pages in memory).
  let committing: Promise<unknown> = Promise.resolve();
  let pageToken: string | undefined;
  do {
    const page = await store.list(bucket, {
      prefix: options.prefix,
      pageToken,
      maxResults: options.pageSize ?? 1000,
    });
    pageToken = page.nextPageToken ?? undefined;
    progress.listed += page.items.length;
    const fits: Array<{ object: ObjectInfo; path: ObjectPath }> = [];
    for (const object of page.items) {
      try {
        const path = parseObjectPath(object.path);
        if (path.kind === "fits" && object.size > 0) fits.push({ object, path });
        else progress.ignored++;
      } catch {
        progress.ignored++;
      }
    }
    const items: RecordItem[] = [];
    await forEachLimit(fits, options.concurrency ?? 32, async ({ object, path }) => {
      if (stopped) return;
      const item = await readItem(object, path);
      if (item) items.push(item);
    });
    await committing;
    if (stopped) break;
    if (progress.recorded + progress.skipped > 0) options.onProgress?.({ ...progress }, failures);
    committing = recordAll(items);
  } while (pageToken);
  await committing;
  if (stopped) throw stopped.reason;
  options.onProgress?.({ ...progress }, failures);
  return { ...progress, failures };
}
