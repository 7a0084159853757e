import { z } from "zod";
import { CameraId, UnitId } from "./ids";
import { normaliseLegacyDocument } from "./legacy-values";
import { LightcurveDoc, ProcessedObservationDoc } from "./processing";
import { ImageStatus, ObservationStatus, type StatusKind, UnitStatus } from "./status";

const COLLECTIONS_UNITS = "units";
const COLLECTIONS_OBSERVATIONS = "observations";
const COLLECTIONS_IMAGES = "images";

/**
 * Document schemas for the flat Firestore collections. Times are Dates and locations plain
 * `{latitude, longitude}` objects here; the Firestore adapter converts Timestamps and GeoPoints at the edge.
 * Writers always write every field (null where unknown); readers use the `*Read` variants, which tolerate the
 * missing fields of old documents.
 */

const num = z.number().finite();
const nnum = num.nullable();
const nstr = z.string().nullable();

export const LatLng = z.object({
  latitude: num.min(-90).max(90),
  longitude: num.min(-180).max(180),
});
export type LatLng = z.infer<typeof LatLng>;

export const Counters = z.object({
  num_images: z.number().int().nonnegative(),
  total_minutes_exptime: num.nonnegative(),
});

export const UnitDoc = Counters.extend({
  unit_id: UnitId,
  name: nstr,
  /** metres above sea level */
  elevation: nnum,
  /** degrees */
  location: LatLng.nullable(),
  status: UnitStatus,
  num_observations: z.number().int().nonnegative(),
  created_time: z.date(),
  updated_time: z.date(),
});
export type UnitDoc = z.infer<typeof UnitDoc>;

/** An observation's pointing over its solved frames (solve-image): where it was and how far it drifted. */
export const PointingDrift = z.object({
  /** solved frames the summary is made of */
  frames: num,
  first_time: z.date(),
  last_time: z.date(),
  /** arcminutes between the first and the last solved frame centre */
  total_arcmin: num,
  /** arcminutes per hour, first to last */
  rate_arcmin_per_hour: num,
  /** largest distance (arcminutes) of a frame centre from the median centre */
  max_offset_arcmin: num,
});
export type PointingDrift = z.infer<typeof PointingDrift>;

export const ObservationDoc = Counters.extend({
  sequence_id: z.string(),
  unit_id: UnitId,
  camera_id: CameraId,
  /** sequence start (UTC) */
  time: z.date(),
  received_time: z.date(),
  software_version: nstr,
  project: nstr,
  field_name: nstr,
  /** `field_name` normalised for exact lookups (lower case, no spaces, underscores or dashes) */
  field_name_key: nstr,
  camera_filter: nstr,
  iso: nnum,
  /** seconds */
  exptime: nnum,
  /** degrees, null until an image of the sequence is plate-solved */
  ra: nnum,
  dec: nnum,
  /** set by solve-image: the pointing over the solved frames */
  drift: PointingDrift.nullable().optional(),
  /**
   * Cone-search index of (ra, dec): one sky cell id `LEVEL/BAND/RACELL` per index level, coarse to fine, from
   * `skyIndexFields(ra, dec)` in @panoptes/sky; empty while ra/dec are null. Rewrite it whenever ra/dec change.
   */
  sky_cells: z.array(z.string()),
  status: ObservationStatus,
  /** whether this observation is in its unit's num_observations (set once, by record-image) */
  counted_on_unit: z.boolean(),
  updated_time: z.date(),
});
export type ObservationDoc = z.infer<typeof ObservationDoc>;

export const ImageProducts = z.object({
  bayer: nstr,
  r: nstr,
  g: nstr,
  b: nstr,
  interpolation: z.enum(["half", "bilinear"]).nullable(),
  /** generation of the CR2 the products were made from */
  source_generation: nstr,
  made_time: z.date().nullable(),
});
export type ImageProducts = z.infer<typeof ImageProducts>;

export const ErrorInfo = z.object({
  code: z.string(),
  message: z.string(),
  service: z.string(),
  time: z.date(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/**
 * A plate solution's WCS as FITS keywords (TAN, CD matrix in degrees per pixel, SIP A_p_q/B_p_q when fitted),
 * in FITS 1-based pixels of the stored image HDU; the same shape as `panoptes solve --json`'s `wcs`.
 */
export const WcsKeywords = z
  .object({
    CTYPE1: z.string(),
    CTYPE2: z.string(),
    CRVAL1: num,
    CRVAL2: num,
    CRPIX1: num,
    CRPIX2: num,
    CD1_1: num,
    CD1_2: num,
    CD2_1: num,
    CD2_2: num,
    A_ORDER: num.optional(),
    B_ORDER: num.optional(),
  })
  .catchall(num);
export type WcsKeywordsDoc = z.infer<typeof WcsKeywords>;
/** The previews of an image (make-preview): JPEGs in the previews bucket, or the reason none could be made. */
export const ImagePreviews = z.object({
  /** made, or error (the source's pixels could not be read: `error` says why) */
  status: z.enum(["made", "error"]),
  /** fits: the recorded FITS (superpixel colour); cr2: make-rgb-fits' R, G, B products */
  source: z.enum(["fits", "cr2"]),
  /** generation of the uploaded object the previews were made from (decimal string) */
  generation: z.string(),
  bucket: nstr,
  /** object paths of the ~1200 px preview and the ~300 px thumbnail */
  preview: nstr,
  thumb: nstr,
  /** pixels of the preview and the thumbnail */
  width: nnum,
  height: nnum,
  thumb_width: nnum,
  thumb_height: nnum,
  /** width and height (pixels) of the frame the preview shows, for mapping viewer positions to FITS pixels */
  frame_width: nnum,
  frame_height: nnum,
  /** zscale limits (ADU) of the green channel (astropy ZScaleInterval), null when not made */
  zscale: z.array(num).length(2).nullable(),
  error: ErrorInfo.nullable(),
  made_time: z.date(),
});
export type ImagePreviews = z.infer<typeof ImagePreviews>;

export const ImageDoc = z.object({
  image_id: z.string(),
  sequence_id: z.string(),
  unit_id: UnitId,
  camera_id: CameraId,
  /** exposure start (UTC) */
  time: z.date(),
  received_time: z.date(),
  /** seconds */
  exptime: nnum,
  airmass: nnum,
  moonfrac: nnum,
  /** degrees */
  moonsep: nnum,
  /** hours */
  ha_mnt: nnum,
  /** degrees */
  ra_mnt: nnum,
  dec_mnt: nnum,
  ra_image: nnum,
  dec_image: nnum,
  solved: z.boolean(),
  /** set by solve-image only (absent until it has run): the solution in the stored image's FITS pixels */
  wcs: WcsKeywords.nullable().optional(),
  /** arcseconds per pixel */
  pixel_scale: nnum.optional(),
  /** degrees east of north of the image's +y axis */
  rotation: nnum.optional(),
  stars_detected: nnum.optional(),
  /** the astrometry.net index that matched, e.g. index-tycho2-11 */
  solve_index: nstr.optional(),
  solve_seconds: nnum.optional(),
  /** why the frame could not be solved (too few stars, no match), null when solved */
  solve_reason: nstr.optional(),
  /** object generation the solve (or its failure) belongs to: a redelivery of it is a no-op */
  solve_generation: nstr.optional(),
  /** degrees Celsius */
  camtemp: nnum,
  /** millimetres */
  circconf: nnum,
  /** kelvin */
  colortmp: nnum,
  measev: nnum,
  measev2: nnum,
  measr: nnum,
  measg: nnum,
  measg2: nnum,
  measb: nnum,
  redbal: nnum,
  bluebal: nnum,
  whtlvln: nnum,
  whtlvls: nnum,
  bucket_path: nstr,
  public_url: nstr,
  /** object generation of the recorded FITS (a string: generations exceed 2^53) */
  generation: nstr,
  /** bytes */
  size: nnum,
  status: ImageStatus,
  error: ErrorInfo.nullable(),
  products: ImageProducts.nullable(),
  /** set by make-preview only; absent until it has run for the image */
  previews: ImagePreviews.nullable().optional(),
  /** whether this image is in its unit's and observation's counters (set once, by record-image) */
  counted: z.boolean(),
  /** the exposure (s) included in total_minutes_exptime, so a re-upload corrects the sum exactly */
  counted_exptime: nnum,
  updated_time: z.date(),
});
export type ImageDoc = z.infer<typeof ImageDoc>;

/** Turns a stored document into what a reader schema takes (normaliseLegacyDocument). */
function legacy(shape: Record<string, z.ZodType>, collection: string, kind: StatusKind) {
  return (raw: unknown) =>
    typeof raw === "object" && raw !== null && !Array.isArray(raw)
      ? normaliseLegacyDocument(shape, collection, kind, raw as Record<string, unknown>)
      : raw;
}
const anyStatus = { status: z.string().optional() };

/**
 * Reader variants: every field but the id may be missing in old documents; documents as the 2020 network wrote
 * them are normalised first (numeric strings, time strings, nulls, numeric unit ids, older field names and status
 * words: normaliseLegacyDocument). `status` is the current word where one is known, else the stored word.
 */
export const UnitDocRead = z.preprocess(
  legacy(UnitDoc.shape, COLLECTIONS_UNITS, "unit"),
  UnitDoc.partial().required({ unit_id: true }).extend(anyStatus),
);
export const ObservationDocRead = z.preprocess(
  legacy(ObservationDoc.shape, COLLECTIONS_OBSERVATIONS, "observation"),
  ObservationDoc.partial().required({ sequence_id: true }).extend(anyStatus),
);
export const ImageDocRead = z.preprocess(
  legacy(ImageDoc.shape, COLLECTIONS_IMAGES, "image"),
  ImageDoc.partial().required({ image_id: true }).extend(anyStatus),
);
export const ProcessedObservationDocRead = z.preprocess(
  legacy(ProcessedObservationDoc.shape, "processed_observations", "processing"),
  ProcessedObservationDoc.partial().required({ sequence_id: true }).extend(anyStatus),
);
export const LightcurveDocRead = LightcurveDoc.partial().required({ sequence_id: true });
export type UnitDocRead = z.infer<typeof UnitDocRead>;
export type ObservationDocRead = z.infer<typeof ObservationDocRead>;
export type ImageDocRead = z.infer<typeof ImageDocRead>;
export type ProcessedObservationDocRead = z.infer<typeof ProcessedObservationDocRead>;
export type LightcurveDocRead = z.infer<typeof LightcurveDocRead>;

/** Collection names, declared once: every collection the pipeline writes. */
export const COLLECTIONS = {
  units: "units",
  observations: "observations",
  images: "images",
  processedObservations: "processed_observations",
  lightcurves: "lightcurves",
  deadLetters: "dead_letters",
  rejectedUploads: "rejected_uploads",
  /** lookup-field's cache of CDS Sesame answers */
  lookupCache: "lookup_cache",
} as const;
export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

/**
 * The collections signed-in clients (the Data Explorer) may read; `firestore.rules` opens exactly these, and
 * every other collection is closed to clients (the rules test derives both lists from here).
 */
export const CLIENT_READABLE_COLLECTIONS: readonly CollectionName[] = [
  COLLECTIONS.units,
  COLLECTIONS.observations,
  COLLECTIONS.images,
  COLLECTIONS.processedObservations,
  COLLECTIONS.lightcurves,
];
