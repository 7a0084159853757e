import {
  COLLECTIONS,
  type ImageDoc,
  ImageDocRead,
  type ObjectMessage,
  type ObjectPath,
  ObservationDocRead,
  parseTimestamp,
  UnitDocRead,
} from "@panoptes/models";
import { readDoc, toFirestoreData } from "@panoptes/platform";
import { FieldValue, type Firestore } from "firebase-admin/firestore";
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

/**
 * Records one FITS upload in a single transaction: image, observation and unit documents and their counters.
 * Exactly once in effect: an image is counted the first time it is recorded (flag `counted`), a redelivered
 * event for the same generation changes nothing, an older generation than the recorded one is ignored, and a
 * newer one updates the image and corrects `total_minutes_exptime` by the exposure difference only.
 */
export async function recordImage(db: Firestore, input: RecordInput): Promise<RecordOutcome> {
  const { message, path, header, now } = input;
  const imageRef = db.collection(COLLECTIONS.images).doc(path.image_id);
  const obsRef = db.collection(COLLECTIONS.observations).doc(path.sequence_id);
  const unitRef = db.collection(COLLECTIONS.units).doc(path.unit_id);
  const img = imageFields(header);
  const obs = observationFields(header);
  const unit = unitFields(header);

  return db.runTransaction(async (tx) => {
    const [imageSnap, obsSnap, unitSnap] = await tx.getAll(imageRef, obsRef, unitRef);
    const existing = readDoc(ImageDocRead, imageSnap!);
    const observation = readDoc(ObservationDocRead, obsSnap!);
    const storedUnit = readDoc(UnitDocRead, unitSnap!);

    if (existing?.generation && existing.status === "recorded") {
      const order = generationOrder(message.generation, existing.generation);
      if (order < 0) return "stale";
      if (order === 0) return "unchanged";
    }
    const counted = existing?.counted === true;
    const deltaImages = counted ? 0 : 1;
    const deltaMinutes = minutes(img.exptime) - (counted ? minutes(existing?.counted_exptime) : 0);

    const image: ImageDoc = {
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
    tx.set(imageRef, toFirestoreData(image) as object);

    if (!observation) {
      tx.set(
        obsRef,
        toFirestoreData({
          sequence_id: path.sequence_id,
          unit_id: path.unit_id,
          camera_id: path.camera_id,
          time: parseTimestamp(path.sequence_time),
          received_time: now,
          ...obs,
          status: "receiving",
          num_images: deltaImages,
          total_minutes_exptime: deltaMinutes,
          updated_time: now,
        }) as object,
      );
    } else {
      // Header fields fill what is unknown; a solution from any image of the sequence is kept.
      const fill = Object.fromEntries(
        Object.entries(obs).filter(
          ([k, v]) => v !== null && (observation as Record<string, unknown>)[k] == null,
        ),
      );
      tx.update(obsRef, {
        ...fill,
        status: "receiving",
        num_images: FieldValue.increment(deltaImages),
        total_minutes_exptime: FieldValue.increment(deltaMinutes),
        updated_time: now,
      });
    }

    const newObservation = observation ? 0 : 1;
    if (!storedUnit) {
      tx.set(
        unitRef,
        toFirestoreData({
          unit_id: path.unit_id,
          name: path.unit_id,
          ...unit,
          status: "active",
          num_images: deltaImages,
          num_observations: newObservation,
          total_minutes_exptime: deltaMinutes,
          created_time: now,
          updated_time: now,
        }) as object,
      );
    } else {
      tx.update(unitRef, {
        ...(toFirestoreData(
          Object.fromEntries(Object.entries(unit).filter(([, v]) => v !== null)),
        ) as object),
        num_images: FieldValue.increment(deltaImages),
        num_observations: FieldValue.increment(newObservation),
        total_minutes_exptime: FieldValue.increment(deltaMinutes),
        updated_time: now,
      });
    }
    return existing?.status === "recorded" ? "updated" : "created";
  });
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
