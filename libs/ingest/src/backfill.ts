import { readStoredHeader } from "@panoptes/fits-storage";
import {
  COLLECTIONS,
  ImageDocRead,
  type ObjectMessage,
  objectMessage,
  type ObjectPath,
  parseObjectPath,
  UnitDocRead,
} from "@panoptes/models";
import { errorInfo, type ObjectInfo, type ObjectStore, readDoc, toFirestoreData } from "@panoptes/platform";
import { FieldValue, type Firestore } from "firebase-admin/firestore";
import { type HeaderValues, idContradictions, imageFields } from "./header-fields";
import {
  buildImageDoc,
  countingDecision,
  newObservationDoc,
  newUnitDoc,
  observationPosition,
} from "./record";

/** One object of a backfill batch with its header read (or why it could not be). */
export interface BackfillItem {
  message: ObjectMessage;
  path: ObjectPath;
  header: HeaderValues | null;
  error: { code: string; message: string } | null;
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  failed: Array<{ bucket_path: string; code: string; message: string }>;
  observationsCreated: number;
  unitsCreated: number;
}

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

/**
 * Records a batch of images in ONE transaction, with counters aggregated per observation and unit: one
 * increment per touched document per batch instead of one per image, which is what lets a backfill go past
 * Firestore's ~1 write/s sustained rate on a single document. The transaction reads every image, observation
 * and unit it touches, so it is exact against itself, against a re-run (already recorded generations are
 * skipped) and against the live path running at the same time (Firestore retries the loser). Items that failed
 * (unreadable header, contradicting ids) are returned, not written: the caller reports them.
 * At most 150 items per batch (≤ 450 writes of Firestore's 500).
 */
export async function recordBatch(
  db: Firestore,
  items: readonly BackfillItem[],
  now: Date,
): Promise<BatchResult> {
  if (items.length > 150) throw new Error(`recordBatch takes at most 150 items, got ${items.length}`);
  const failed: BatchResult["failed"] = [];
  const good: Array<BackfillItem & { header: HeaderValues }> = [];
  for (const item of items) {
    const problems = item.header ? idContradictions(item.header, item.path) : [];
    if (item.error || !item.header)
      failed.push({
        bucket_path: item.message.bucket_path,
        ...(item.error ?? { code: "no-header", message: "no header" }),
      });
    else if (problems.length > 0)
      failed.push({
        bucket_path: item.message.bucket_path,
        code: "ids-inconsistent",
        message: problems.join("; "),
      });
    else good.push(item as BackfillItem & { header: HeaderValues });
  }
  const col = (c: string) => db.collection(c);
  // One image per id: the newest generation of duplicates within the batch wins.
  const byImage = new Map<string, (typeof good)[number]>();
  for (const item of good) {
    const prev = byImage.get(item.path.image_id);
    if (!prev || BigInt(item.message.generation) > BigInt(prev.message.generation))
      byImage.set(item.path.image_id, item);
  }
  const unique = [...byImage.values()];
  const obsIds = [...new Set(unique.map((i) => i.path.sequence_id))];
  const unitIds = [...new Set(unique.map((i) => i.path.unit_id))];

  return db.runTransaction(async (tx) => {
    const refs = [
      ...unique.map((i) => col(COLLECTIONS.images).doc(i.path.image_id)),
      ...obsIds.map((id) => col(COLLECTIONS.observations).doc(id)),
      ...unitIds.map((id) => col(COLLECTIONS.units).doc(id)),
    ];
    const snaps = refs.length > 0 ? await tx.getAll(...refs) : [];
    const imageSnaps = snaps.slice(0, unique.length);
    const obsExists = new Map(obsIds.map((id, k) => [id, snaps[unique.length + k]!.exists]));
    const unitDocs = new Map(
      unitIds.map((id, k) => [id, readDoc(UnitDocRead, snaps[unique.length + obsIds.length + k]!)]),
    );
    const obsDelta = new Map<string, { images: number; minutes: number; first: (typeof unique)[number] }>();
    const unitDelta = new Map<
      string,
      { images: number; minutes: number; observations: number; first: (typeof unique)[number] }
    >();
    let created = 0;
    let updated = 0;
    let skipped = 0;
    unique.forEach((item, k) => {
      const existing = readDoc(ImageDocRead, imageSnaps[k]!);
      const decision = countingDecision(existing, item.message.generation, imageFields(item.header).exptime);
      if (decision.skip) {
        skipped++;
        return;
      }
      if (decision.outcome === "created") created++;
      else updated++;
      tx.set(
        col(COLLECTIONS.images).doc(item.path.image_id),
        toFirestoreData(buildImageDoc({ ...item, now }, existing)) as object,
      );
      const o = obsDelta.get(item.path.sequence_id) ?? { images: 0, minutes: 0, first: item };
      o.images += decision.deltaImages;
      o.minutes += decision.deltaMinutes;
      obsDelta.set(item.path.sequence_id, o);
      const u = unitDelta.get(item.path.unit_id) ?? { images: 0, minutes: 0, observations: 0, first: item };
      u.images += decision.deltaImages;
      u.minutes += decision.deltaMinutes;
      unitDelta.set(item.path.unit_id, u);
    });
    let observationsCreated = 0;
    for (const [id, d] of obsDelta) {
      const ref = col(COLLECTIONS.observations).doc(id);
      if (!obsExists.get(id)) {
        observationsCreated++;
        unitDelta.get(d.first.path.unit_id)!.observations += 1;
        tx.set(
          ref,
          toFirestoreData({
            ...newObservationDoc(d.first.path, d.first.header, now, true),
            num_images: d.images,
            total_minutes_exptime: d.minutes,
          }) as object,
        );
      } else {
        // The last plate-solved image of the batch gives the observation's position, as on the live path.
        const solved = unique.filter((i) => i.path.sequence_id === id && imageFields(i.header).solved).at(-1);
        const fields = solved ? imageFields(solved.header) : null;
        tx.update(ref, {
          ...(fields ? observationPosition(fields.ra_image, fields.dec_image) : {}),
          num_images: FieldValue.increment(d.images),
          total_minutes_exptime: FieldValue.increment(d.minutes),
          updated_time: now,
        });
      }
    }
    let unitsCreated = 0;
    for (const [id, d] of unitDelta) {
      const ref = col(COLLECTIONS.units).doc(id);
      if (!unitDocs.get(id)) {
        unitsCreated++;
        tx.set(
          ref,
          toFirestoreData({
            ...newUnitDoc(d.first.path, d.first.header, now),
            num_images: d.images,
            num_observations: d.observations,
            total_minutes_exptime: d.minutes,
          }) as object,
        );
      } else {
        tx.update(ref, {
          num_images: FieldValue.increment(d.images),
          num_observations: FieldValue.increment(d.observations),
          total_minutes_exptime: FieldValue.increment(d.minutes),
          updated_time: now,
        });
      }
    }
    return { created, updated, skipped, failed, observationsCreated, unitsCreated };
  });
}

export interface BackfillProgress {
  listed: number;
  recorded: number;
  skipped: number;
  failed: number;
  ignored: number;
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const k = next++;
        out[k] = await fn(items[k]!);
      }
    }),
  );
  return out;
}

/**
 * Records every FITS object under `prefix` in `bucket`: lists a page, reads headers with ranged reads
 * (`concurrency` at a time), records them in batches of `batchSize` (recordBatch). Idempotent: a re-run skips
 * what is recorded. Objects whose path does not parse, or that are not FITS, are counted as ignored.
 */
export async function runBackfill(options: {
  db: Firestore;
  store: ObjectStore;
  bucket: string;
  prefix?: string;
  batchSize?: number;
  concurrency?: number;
  now?: () => Date;
  onProgress?: (p: BackfillProgress, failures: BatchResult["failed"]) => void;
}): Promise<BackfillProgress & { failures: BatchResult["failed"] }> {
  const { db, store, bucket } = options;
  const batchSize = Math.min(options.batchSize ?? 150, 150);
  const progress: BackfillProgress = { listed: 0, recorded: 0, skipped: 0, failed: 0, ignored: 0 };
  const failures: BatchResult["failed"] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.list(bucket, { prefix: options.prefix, pageToken, maxResults: batchSize });
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
    const items = await mapLimit(
      fits,
      options.concurrency ?? 32,
      async ({ object, path }): Promise<BackfillItem> => {
        const message = messageFor(object, path);
        try {
          const h = await readStoredHeader(store, {
            bucket,
            path: object.path,
            generation: object.generation,
            size: object.size,
          });
          return { message, path, header: h.header, error: null };
        } catch (err) {
          if ((err as { kind?: string }).kind === "transient") throw err;
          return { message, path, header: null, error: errorInfo(err) };
        }
      },
    );
    if (items.length > 0) {
      const r = await recordBatch(db, items, options.now?.() ?? new Date());
      progress.recorded += r.created + r.updated;
      progress.skipped += r.skipped;
      progress.failed += r.failed.length;
      failures.push(...r.failed);
    }
    options.onProgress?.({ ...progress }, failures);
  } while (pageToken);
  return { ...progress, failures };
}
