import {
  COLLECTIONS,
  type ImageDoc,
  ImageDocRead,
  type ObjectMessage,
  type ObjectPath,
  parseTimestamp,
} from "@panoptes/models";
import { readDoc, toFirestoreData } from "@panoptes/platform";
import { skyIndexFields } from "@panoptes/sky";
import { type DocumentReference, FieldValue, type Firestore } from "firebase-admin/firestore";
import { dateOrNull, type HeaderValues, imageFields, observationFields, unitFields } from "./header-fields";

export type RecordOutcome = "created" | "updated" | "unchanged" | "stale";

export interface RecordInput {
  message: ObjectMessage;
  path: ObjectPath;
  header: HeaderValues;
  now: Date;
}

const minutes = (seconds: number | null | undefined) => (seconds ?? 0) / 60;

/** Compares decimal generation strings (they exceed 2^53). */
function generationOrder(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const ALREADY_EXISTS = 6;

/** A new unit document with zero counters (counters are added by the writes that count). */
export function newUnitDoc(path: ObjectPath, header: HeaderValues, now: Date) {
  return {
    unit_id: path.unit_id,
    name: path.unit_id,
    ...unitFields(header),
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

/** A new observation document with zero counters, filled from the header of its first image. */
export function newObservationDoc(path: ObjectPath, header: HeaderValues, now: Date, countedOnUnit: boolean) {
  const fields = observationFields(header);
  return {
    sequence_id: path.sequence_id,
    unit_id: path.unit_id,
    camera_id: path.camera_id,
    time: parseTimestamp(path.sequence_time),
    received_time: now,
    ...fields,
    ...observationPosition(fields.ra, fields.dec),
    status: "receiving" as const,
    num_images: 0,
    total_minutes_exptime: 0,
    counted_on_unit: countedOnUnit,
    updated_time: now,
  };
}

/** The image document recorded for one upload (`existing`: what was stored before, if anything). */
export function buildImageDoc(
  input: RecordInput,
  existing: { received_time?: Date; products?: ImageDoc["products"] } | null,
): ImageDoc {
  const { message, path, header, now } = input;
  const img = imageFields(header);
  return {
    image_id: path.image_id,
    sequence_id: path.sequence_id,
    unit_id: path.unit_id,
    camera_id: path.camera_id,
    time: dateOrNull(header["DATE-OBS"]) ?? parseTimestamp(path.image_time),
    received_time: existing?.received_time ?? now,
    ...img,
    bucket_path: message.bucket_path,
    public_url: `https://storage.googleapis.com/${message.bucket}/${message.bucket_path}`,
    generation: message.generation,
    size: message.size,
    status: "recorded",
    error: null,
    products: existing?.products ?? null,
    counted: true,
    counted_exptime: img.exptime,
    updated_time: now,
  };
}

/** What recording `generation` changes, given the stored image: nothing, or counter deltas. */
export function countingDecision(
  existing: {
    status?: string;
    generation?: string | null;
    counted?: boolean;
    counted_exptime?: number | null;
  } | null,
  generation: string,
  exptime: number | null,
):
  | { skip: "stale" | "unchanged" }
  | { skip: null; deltaImages: number; deltaMinutes: number; outcome: "created" | "updated" } {
  if (existing?.generation && existing.status === "recorded") {
    const order = generationOrder(generation, existing.generation);
    if (order < 0) return { skip: "stale" };
    if (order === 0) return { skip: "unchanged" };
  }
  const counted = existing?.counted === true;
  return {
    skip: null,
    deltaImages: counted ? 0 : 1,
    deltaMinutes: minutes(exptime) - (counted ? minutes(existing?.counted_exptime) : 0),
    outcome: existing?.status === "recorded" ? "updated" : "created",
  };
}

async function createIfMissing(ref: DocumentReference, data: object): Promise<boolean> {
  try {
    await ref.create(data);
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === ALREADY_EXISTS) return false;
    throw err;
  }
}

/**
 * Creates the unit and the observation the first time an image of a sequence arrives, and counts the
 * observation on its unit exactly once. `create()` is atomic and takes no locks, so concurrent first images of
 * one observation do not contend. The observation carries `counted_on_unit`; whoever finds it false counts it in
 * a small transaction that sets it, so a crash between creating and counting is repaired by the next image.
 */
async function ensureObservation(db: Firestore, input: RecordInput): Promise<void> {
  const { path, header, now } = input;
  const obsRef = db.collection(COLLECTIONS.observations).doc(path.sequence_id);
  const unitRef = db.collection(COLLECTIONS.units).doc(path.unit_id);
  const existing = await obsRef.get();
  if (existing.exists && existing.get("counted_on_unit") !== false) return;
  const unit = unitFields(header);
  await createIfMissing(unitRef, toFirestoreData(newUnitDoc(path, header, now)) as object);
  if (!existing.exists)
    await createIfMissing(obsRef, toFirestoreData(newObservationDoc(path, header, now, false)) as object);
  await db.runTransaction(async (tx) => {
    const snap = await tx.get(obsRef);
    if (snap.get("counted_on_unit") !== false) return;
    const known = Object.fromEntries(Object.entries(unit).filter(([, v]) => v !== null));
    tx.update(obsRef, { counted_on_unit: true });
    tx.update(unitRef, {
      ...(toFirestoreData(known) as object),
      num_observations: FieldValue.increment(1),
      updated_time: now,
    });
  });
}

/**
 * Records one FITS upload: image document and the counters of its observation and unit, in one transaction
 * that reads only the image document (counters are server-side increments), so concurrent images of one
 * observation do not contend on reads. Exactly once in effect: an image is counted the first time it is
 * recorded (flag `counted`), a redelivered event for the same generation changes nothing, an older generation
 * than the recorded one is ignored, and a newer one updates the image and corrects `total_minutes_exptime` by
 * the exposure difference only.
 */
export async function recordImage(db: Firestore, input: RecordInput): Promise<RecordOutcome> {
  const { message, path, header, now } = input;
  await ensureObservation(db, input);
  const imageRef = db.collection(COLLECTIONS.images).doc(path.image_id);
  const obsRef = db.collection(COLLECTIONS.observations).doc(path.sequence_id);
  const unitRef = db.collection(COLLECTIONS.units).doc(path.unit_id);
  const img = imageFields(header);

  return db.runTransaction(
    async (tx) => {
      const existing = readDoc(ImageDocRead, await tx.get(imageRef));
      const decision = countingDecision(existing, message.generation, img.exptime);
      if (decision.skip) return decision.skip;
      const { deltaImages, deltaMinutes } = decision;
      const image = buildImageDoc(input, existing);
      tx.set(imageRef, toFirestoreData(image) as object);
      // The latest plate solution of the sequence gives the observation's coordinates.
      const solution = img.solved ? observationPosition(img.ra_image, img.dec_image) : {};
      tx.update(obsRef, {
        ...solution,
        status: "receiving",
        num_images: FieldValue.increment(deltaImages),
        total_minutes_exptime: FieldValue.increment(deltaMinutes),
        updated_time: now,
      });
      tx.update(unitRef, {
        num_images: FieldValue.increment(deltaImages),
        total_minutes_exptime: FieldValue.increment(deltaMinutes),
        updated_time: now,
      });
      return decision.outcome;
      // More attempts than the default 5: many images of one observation at once contend on its counters.
    },
    { maxAttempts: 10 },
  );
}

/**
 * Marks an image as failed with the reason, unless it is already recorded (a corrupt re-upload must not
 * erase a good record). Creates a minimal `error` document when none exists. Never touches counters.
 */
export async function markImageError(
  db: Firestore,
  input: {
    message: ObjectMessage;
    path: ObjectPath;
    error: { code: string; message: string };
    service: string;
    now: Date;
  },
): Promise<"marked" | "kept-recorded"> {
  const { message, path, error, service, now } = input;
  const ref = db.collection(COLLECTIONS.images).doc(path.image_id);
  return db.runTransaction(async (tx) => {
    const existing = readDoc(ImageDocRead, await tx.get(ref));
    if (existing?.status === "recorded") return "kept-recorded";
    const errorInfo = { ...error, service, time: now };
    if (existing) {
      tx.update(ref, {
        status: "error",
        error: errorInfo,
        bucket_path: message.bucket_path,
        generation: message.generation,
        updated_time: now,
      });
    } else {
      tx.set(ref, {
        image_id: path.image_id,
        sequence_id: path.sequence_id,
        unit_id: path.unit_id,
        camera_id: path.camera_id,
        time: parseTimestamp(path.image_time),
        received_time: now,
        bucket_path: message.bucket_path,
        generation: message.generation,
        size: message.size,
        status: "error",
        error: errorInfo,
        products: null,
        counted: false,
        counted_exptime: null,
        updated_time: now,
      });
    }
    return "marked";
  });
}
