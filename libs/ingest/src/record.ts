import { generationOrder, recordedImageDoc } from "@panoptes/image-doc";
import {
  COLLECTIONS,
  ImageDocRead,
  type ObjectMessage,
  type ObjectPath,
  isRecordedImage,
  parseTimestamp,
} from "@panoptes/models";
import { PermanentError, readDoc, toFirestoreData } from "@panoptes/platform";
import { skyIndexFields } from "@panoptes/sky";
import { type DocumentReference, FieldValue, type Firestore } from "firebase-admin/firestore";
import { type HeaderValues, idContradictions, type RecordFields, recordFields } from "./header-fields";
import { normaliseLegacyCounters } from "./legacy-counters";

export type RecordOutcome = "created" | "updated" | "unchanged" | "stale";

/** One image to record: its event, parsed path, and the document fields its header gives (made by recordItem). */
export interface RecordItem {
  message: ObjectMessage;
  path: ObjectPath;
  fields: RecordFields;
}

/**
 * The record item of an object message and its header: the header's ids checked against the path (a
 * PermanentError `ids-inconsistent` naming each contradiction otherwise), the document fields computed once.
 */
export function recordItem(message: ObjectMessage, path: ObjectPath, header: HeaderValues): RecordItem {
  const problems = idContradictions(header, path);
  if (problems.length > 0) throw new PermanentError("ids-inconsistent", problems.join("; "));
  return { message, path, fields: recordFields(header) };
}

const minutes = (seconds: number | null | undefined) => (seconds ?? 0) / 60;

/** A new unit document with zero counters (counters are added by the writes that count). */
export function newUnitDoc(path: ObjectPath, fields: RecordFields, now: Date) {
  return {
    unit_id: path.unit_id,
    name: path.unit_id,
    ...fields.unit,
    status: "active" as const,
    num_images: 0,
    num_observations: 0,
    total_minutes_exptime: 0,
    created_time: now,
    updated_time: now,
  };
}

/**
 * The observation's coordinates and their cone-search cells (libs/sky). Coordinates outside the sky (a broken
 * header) are dropped rather than indexed.
 */
export function observationPosition(
  ra: number | null,
  dec: number | null,
): { ra: number | null; dec: number | null; sky_cells: string[] } {
  if (ra === null || dec === null || !(ra >= 0 && ra < 360 && dec >= -90 && dec <= 90))
    return { ra: null, dec: null, sky_cells: [] };
  return { ra, dec, ...skyIndexFields(ra, dec) };
}

/**
 * A new observation document with zero counters, filled from the header of its first image; not yet counted on
 * its unit (recordImages counts it).
 */
export function newObservationDoc(path: ObjectPath, recorded: RecordFields, now: Date) {
  const fields = recorded.observation;
  return {
    sequence_id: path.sequence_id,
    unit_id: path.unit_id,
    camera_id: path.camera_id,
    time: parseTimestamp(path.sequence_time),
    received_time: now,
    ...fields,
    ...observationPosition(fields.ra, fields.dec),
    status: "receiving_files" as const,
    num_images: 0,
    total_minutes_exptime: 0,
    counted_on_unit: false,
    updated_time: now,
  };
}

/** A 2020 image document (no `counted` flag) whose header was recorded: `received` then meant recorded. */
function isRecordedLegacyImage(status: string | undefined): boolean {
  return status === "received" || isRecordedImage(status);
}

/** What recording `generation` changes, given the stored image: nothing, or counter deltas. */
export function countingDecision(
  existing: {
    status?: string;
    generation?: string | null;
    counted?: boolean;
    counted_exptime?: number | null;
    exptime?: number | null;
  } | null,
  generation: string,
  exptime: number | null,
):
  | { skip: "stale" | "unchanged" }
  | { skip: null; deltaImages: number; deltaMinutes: number; outcome: "created" | "updated" } {
  if (existing?.generation && isRecordedImage(existing.status)) {
    const order = generationOrder(generation, existing.generation);
    if (order < 0) return { skip: "stale" };
    if (order === 0) return { skip: "unchanged" };
  }
  // An image the 2020 network recorded has no `counted` flag; its legacy counters include it (with its exposure).
  const legacy =
    existing !== null && existing.counted === undefined && isRecordedLegacyImage(existing.status);
  const counted = existing?.counted === true || legacy;
  const countedExptime = legacy ? existing?.exptime : existing?.counted_exptime;
  return {
    skip: null,
    deltaImages: counted ? 0 : 1,
    deltaMinutes: minutes(exptime) - (counted ? minutes(countedExptime) : 0),
    outcome: isRecordedImage(existing?.status) || legacy ? "updated" : "created",
  };
}

/** At most this many images in one recordImages transaction (<= 3 writes each, of Firestore's 500). */
export const MAX_RECORD_BATCH = 150;

interface CounterDelta {
  images: number;
  minutes: number;
}

const ALREADY_EXISTS = 6;

async function createIfMissing(ref: DocumentReference, data: object): Promise<void> {
  try {
    await ref.create(data);
  } catch (err) {
    if ((err as { code?: unknown }).code !== ALREADY_EXISTS) throw err;
  }
}

/**
 * Makes sure the observations and units of a batch exist, without locking anything: a plain read (no locks)
 * finds what is missing, and `create()` makes it (atomic and lock-free; an observation starts with zero counters
 * and `counted_on_unit: false`). Returns the observations not yet counted on their unit, each with the batch's
 * first image of it: recordImages counts them in its transaction, reading only those. A crash in between leaves
 * them uncounted until the next batch.
 */
async function prepareObservations(
  db: Firestore,
  items: readonly RecordItem[],
  now: Date,
): Promise<Map<string, RecordItem>> {
  const firstOf = new Map<string, RecordItem>();
  const firstOfUnit = new Map<string, RecordItem>();
  for (const item of items) {
    if (!firstOf.has(item.path.sequence_id)) firstOf.set(item.path.sequence_id, item);
    if (!firstOfUnit.has(item.path.unit_id)) firstOfUnit.set(item.path.unit_id, item);
  }
  const obsIds = [...firstOf.keys()];
  const unitIds = [...firstOfUnit.keys()];
  const snaps = await db.getAll(
    ...obsIds.map((id) => db.collection(COLLECTIONS.observations).doc(id)),
    ...unitIds.map((id) => db.collection(COLLECTIONS.units).doc(id)),
  );
  await normaliseLegacyCounters(db, snaps);
  const pending = new Map(
    obsIds
      .filter((_, k) => !snaps[k]!.exists || snaps[k]!.get("counted_on_unit") === false)
      .map((id) => [id, firstOf.get(id)!]),
  );
  if (pending.size === 0) return pending;
  await Promise.all([
    ...unitIds
      .filter((_, k) => !snaps[obsIds.length + k]!.exists)
      .map((id) => {
        const { path, fields } = firstOfUnit.get(id)!;
        return createIfMissing(
          db.collection(COLLECTIONS.units).doc(id),
          toFirestoreData(newUnitDoc(path, fields, now)) as object,
        );
      }),
    ...obsIds
      .filter((_, k) => !snaps[k]!.exists)
      .map((id) => {
        const { path, fields } = firstOf.get(id)!;
        return createIfMissing(
          db.collection(COLLECTIONS.observations).doc(id),
          toFirestoreData(newObservationDoc(path, fields, now)) as object,
        );
      }),
  ]);
  return pending;
}

/**
 * Records a batch of images: each image document, and the counters of their observations and units
 * aggregated per document (one write per touched observation and unit per batch, not one per image), in ONE
 * transaction that reads only the batch's image documents (and any observation still to be counted on its
 * unit); counters are blind server-side increments, so concurrent transactions of one unit (other instances, a
 * backfill) do not lock each other out of its counter documents. Exactly once in effect: an image is counted the first time it is recorded (flag `counted`); the
 * same generation again changes nothing; an older generation than the recorded one is ignored; a newer one
 * updates the image and corrects `total_minutes_exptime` by the exposure difference only. Items are applied in
 * order, so duplicates within a batch behave as successive deliveries. New observations and units are created
 * first, lock-free (prepareObservations), and counted in the transaction. Returns one outcome per item, in order.
 */
export async function recordImages(
  db: Firestore,
  items: readonly RecordItem[],
  now: Date,
): Promise<RecordOutcome[]> {
  if (items.length > MAX_RECORD_BATCH)
    throw new Error(`recordImages takes at most ${MAX_RECORD_BATCH} items, got ${items.length}`);
  if (items.length === 0) return [];
  const pending = await prepareObservations(db, items, now);
  const col = (c: string) => db.collection(c);
  const imageIds = [...new Set(items.map((i) => i.path.image_id))];

  return db.runTransaction(
    async (tx) => {
      const pendingIds = [...pending.keys()];
      const snaps = await tx.getAll(
        ...imageIds.map((id) => col(COLLECTIONS.images).doc(id)),
        ...pendingIds.map((id) => col(COLLECTIONS.observations).doc(id)),
      );
      const images = new Map<string, ImageDocRead | null>(
        imageIds.map((id, k) => [id, readDoc(ImageDocRead, snaps[k]!, "image_id")]),
      );
      const written = new Set<string>();
      const obsDelta = new Map<string, CounterDelta & { solved: RecordItem | null }>();
      const unitDelta = new Map<
        string,
        CounterDelta & { observations: number; counted: RecordItem | null }
      >();
      const unitOf = (item: RecordItem) => {
        const u = unitDelta.get(item.path.unit_id) ?? {
          images: 0,
          minutes: 0,
          observations: 0,
          counted: null,
        };
        unitDelta.set(item.path.unit_id, u);
        return u;
      };
      // New observations (and any an earlier crash left uncounted) are counted on their unit exactly once:
      // the flag is read and flipped in this transaction.
      const newlyCounted = new Set<string>();
      pendingIds.forEach((id, k) => {
        if (snaps[imageIds.length + k]!.get("counted_on_unit") !== false) return;
        const item = pending.get(id)!;
        newlyCounted.add(id);
        const u = unitOf(item);
        u.observations += 1;
        u.counted = item;
      });
      const outcomes = items.map((item): RecordOutcome => {
        const existing = images.get(item.path.image_id) ?? null;
        const img = item.fields.image;
        const decision = countingDecision(existing, item.message.generation, img.exptime);
        if (decision.skip) return decision.skip;
        const { message, path, fields } = item;
        images.set(
          item.path.image_id,
          recordedImageDoc({ message, path, fields: fields.image, time: fields.time, now }, existing),
        );
        written.add(item.path.image_id);
        const o = obsDelta.get(item.path.sequence_id) ?? {
          images: 0,
          minutes: 0,
          solved: null,
        };
        o.images += decision.deltaImages;
        o.minutes += decision.deltaMinutes;
        // The latest plate solution of the sequence gives the observation's coordinates.
        if (img.solved) o.solved = item;
        obsDelta.set(item.path.sequence_id, o);
        const u = unitOf(item);
        u.images += decision.deltaImages;
        u.minutes += decision.deltaMinutes;
        return decision.outcome;
      });
      for (const id of written)
        tx.set(col(COLLECTIONS.images).doc(id), toFirestoreData(images.get(id)) as object);
      for (const [id, o] of obsDelta) {
        const solved = o.solved?.fields.image ?? null;
        tx.update(col(COLLECTIONS.observations).doc(id), {
          ...(solved ? observationPosition(solved.ra_image, solved.dec_image) : {}),
          ...(newlyCounted.delete(id) ? { counted_on_unit: true } : {}),
          status: "receiving_files",
          num_images: FieldValue.increment(o.images),
          total_minutes_exptime: FieldValue.increment(o.minutes),
          updated_time: now,
        });
      }
      // (Observations whose images were all skipped still get their flag; one write per document.)
      for (const id of newlyCounted)
        tx.update(col(COLLECTIONS.observations).doc(id), { counted_on_unit: true });
      for (const [id, u] of unitDelta) {
        // A new observation refreshes what the unit's header says of it (location), where it says it.
        const known = u.counted
          ? Object.fromEntries(Object.entries(u.counted.fields.unit).filter(([, v]) => v !== null))
          : {};
        tx.update(col(COLLECTIONS.units).doc(id), {
          ...(toFirestoreData(known) as object),
          num_images: FieldValue.increment(u.images),
          num_observations: FieldValue.increment(u.observations),
          total_minutes_exptime: FieldValue.increment(u.minutes),
          updated_time: now,
        });
      }
      return outcomes;
    },
    // More attempts than the default 5: redeliveries of one image on several instances can contend.
    { maxAttempts: 10 },
  );
}
