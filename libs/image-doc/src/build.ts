import { ImageDoc, type ObjectMessage, type ObjectPath, parseTimestamp } from "@panoptes/models";

/** The image fields a FITS header gives (libs/ingest's imageFields computes them), null where unknown. */
export type ImageHeaderFields = Pick<
  ImageDoc,
  | "exptime"
  | "airmass"
  | "moonfrac"
  | "moonsep"
  | "ha_mnt"
  | "ra_mnt"
  | "dec_mnt"
  | "ra_image"
  | "dec_image"
  | "solved"
  | "camtemp"
  | "circconf"
  | "colortmp"
  | "measev"
  | "measev2"
  | "measr"
  | "measg"
  | "measg2"
  | "measb"
  | "redbal"
  | "bluebal"
  | "whtlvln"
  | "whtlvls"
>;

/** Header fields of an image whose header has not been read: every one null, not solved. */
export const UNKNOWN_HEADER_FIELDS: ImageHeaderFields = {
  exptime: null,
  airmass: null,
  moonfrac: null,
  moonsep: null,
  ha_mnt: null,
  ra_mnt: null,
  dec_mnt: null,
  ra_image: null,
  dec_image: null,
  solved: false,
  camtemp: null,
  circconf: null,
  colortmp: null,
  measev: null,
  measev2: null,
  measr: null,
  measg: null,
  measg2: null,
  measb: null,
  redbal: null,
  bluebal: null,
  whtlvln: null,
  whtlvls: null,
};

/** The fields that name the stored FITS object a document describes (null until one is recorded). */
export function objectFields(
  message: Pick<ObjectMessage, "bucket" | "bucket_path" | "generation" | "size">,
): Pick<ImageDoc, "bucket_path" | "public_url" | "generation" | "size"> {
  return {
    bucket_path: message.bucket_path,
    public_url: `https://storage.googleapis.com/${message.bucket}/${message.bucket_path}`,
    generation: message.generation,
    size: message.size,
  };
}

/**
 * The smallest valid image document, for a writer that comes before record-image (a CR2 converted first, a
 * failure): ids and exposure time from the path, every header and object field null, `counted: false` (so
 * record-image counts the image later), then `fields` over that. Throws a ZodError for fields that do not fit
 * the ImageDoc schema.
 */
export function minimalImageDoc(path: ObjectPath, now: Date, fields: Partial<ImageDoc> = {}): ImageDoc {
  return ImageDoc.parse({
    image_id: path.image_id,
    sequence_id: path.sequence_id,
    unit_id: path.unit_id,
    camera_id: path.camera_id,
    time: parseTimestamp(path.image_time),
    received_time: now,
    ...UNKNOWN_HEADER_FIELDS,
    bucket_path: null,
    public_url: null,
    generation: null,
    size: null,
    status: "received",
    error: null,
    products: null,
    counted: false,
    counted_exptime: null,
    updated_time: now,
    ...fields,
  });
}

/**
 * The document of a recorded FITS image: ids from the path, the header's fields, the object's storage facts,
 * `status: recorded` and counted. `time` is the exposure start the header states (DATE-OBS), else the path's.
 * What other writers put on the document before (`received_time`, `products`, `previews`) is kept from `existing`.
 */
export function recordedImageDoc(
  input: {
    message: ObjectMessage;
    path: ObjectPath;
    fields: ImageHeaderFields;
    time: Date | null;
    now: Date;
  },
  existing: {
    received_time?: Date;
    products?: ImageDoc["products"];
    previews?: ImageDoc["previews"];
  } | null,
): ImageDoc {
  const { message, path, fields, time, now } = input;
  return {
    image_id: path.image_id,
    sequence_id: path.sequence_id,
    unit_id: path.unit_id,
    camera_id: path.camera_id,
    time: time ?? parseTimestamp(path.image_time),
    received_time: existing?.received_time ?? now,
    ...fields,
    ...objectFields(message),
    status: "recorded",
    error: null,
    products: existing?.products ?? null,
    ...(existing?.previews != null ? { previews: existing.previews } : {}),
    counted: true,
    counted_exptime: fields.exptime,
    updated_time: now,
  };
}
