import { z } from "zod";
import { ProcessingStatus } from "./status";

/*
 * The science outputs: one `processed_observations` document per processing run of an observation, and one
 * `lightcurves` document per measured star and run. Written by process-observation only (the run document is
 * created `queued` by whoever asks for the run: the schedule, the HTTP endpoint, the CLI; from then on
 * process-observation owns it). Readers use the `...Read` variants in documents.ts.
 */

const num = z.number().finite();
const nnum = num.nullable();
const nstr = z.string().nullable();

/** One value per colour channel of the Bayer mosaic: R, G (G1 + G2), B. */
export const ChannelValues = z.object({ r: nnum, g: nnum, b: nnum });
export type ChannelValues = z.infer<typeof ChannelValues>;

/** Who asked for a run. */
export const PROCESSING_TRIGGERS = ["schedule", "request", "cli"] as const;
export const ProcessingTrigger = z.enum(PROCESSING_TRIGGERS);
export type ProcessingTrigger = z.infer<typeof ProcessingTrigger>;

/** A frame left out of a run, and why (`unsolved`, `cloudy`, `trailed`, `unreadable`, ...). */
export const DroppedFrame = z.object({ image_id: z.string(), reason: z.string() });
export type DroppedFrame = z.infer<typeof DroppedFrame>;

/** Precision of one magnitude bin of a run, per channel (medians over the bin's stars). */
export const PrecisionBin = z.object({
  vmag_min: num,
  vmag_max: num,
  stars: z.number().int().nonnegative(),
  /** median robust scatter per frame, ppm */
  rms_ppm: ChannelValues,
  /** median robust scatter binned to `bin_minutes`, ppm */
  rms_binned_ppm: ChannelValues,
  /** median CCD-equation noise of the bin's stars, ppm (the floor) */
  expected_ppm: ChannelValues,
});
export type PrecisionBin = z.infer<typeof PrecisionBin>;

/** A measured star as the outputs name it. */
export const LightcurveStar = z.object({
  /** catalogue id, e.g. `TYC 1234-567-1` */
  id: z.string(),
  /** a common name where known (the field's target name for the target) */
  name: nstr,
  ra: num,
  dec: num,
  vmag: nnum,
  /** BT−VT (Tycho-2) when known */
  colour: nnum,
});
export type LightcurveStar = z.infer<typeof LightcurveStar>;

/** The field target's result in a run. */
export const TargetResult = z.object({
  star_id: z.string(),
  lightcurve_id: z.string(),
  name: nstr,
  /**
   * how the star was chosen: `field-name` (the observation's field name resolved offline to this star),
   * `nearest-bright-star` (the field name did not resolve offline: the V <= 10 star nearest the pointing centre,
   * where PANOPTES centres its target), `nearest-star`
   */
  rule: z.enum(["field-name", "nearest-bright-star", "nearest-star"]).optional(),
  rms_ppm: ChannelValues,
  rms_binned_ppm: ChannelValues,
});
export type TargetResult = z.infer<typeof TargetResult>;

/** Where a run's whole table was written (processed bucket). */
export const RunOutputs = z.object({
  bucket: z.string(),
  csv: z.string(),
  fits: z.string(),
});
export type RunOutputs = z.infer<typeof RunOutputs>;

export const ProcessedObservationDoc = z.object({
  sequence_id: z.string(),
  /** the unit and camera of the observation (null in 2020 documents) */
  unit_id: nstr.optional(),
  camera_id: nstr.optional(),
  created_time: z.date(),
  software_version: nstr,
  /**
   * Everything that decides the result: aperture and annulus radii (superpixels), catalogue and magnitude
   * limit, bias, saturation, gain, read noise, Bayer pattern, ensemble and frame rules, bin minutes.
   */
  parameters: z.record(z.string(), z.unknown()),
  status: ProcessingStatus,
  /** 2020 documents' free-form summary; new runs repeat their headline figures here */
  summary: z.record(z.string(), z.union([num, z.string(), z.null()])),
  trigger: ProcessingTrigger.optional(),
  /** uid or service that asked (null for the schedule) */
  requested_by: nstr.optional(),
  /** why a run failed (`failed` only) */
  reason: nstr.optional(),
  started_time: z.date().nullable().optional(),
  finished_time: z.date().nullable().optional(),
  /** wall seconds the run spent (done or failed) */
  seconds: nnum.optional(),
  /** image ids of the frames used, in time order */
  frames_used: z.array(z.string()).optional(),
  frames_dropped: z.array(DroppedFrame).optional(),
  /** catalogue stars measured on the frames; lightcurves written */
  stars_measured: z.number().int().nonnegative().optional(),
  num_lightcurves: z.number().int().nonnegative().optional(),
  /** stars measured without a lightcurve, and why (first 200) */
  stars_skipped: z.array(z.object({ id: z.string(), reason: z.string() })).optional(),
  precision: z.array(PrecisionBin).optional(),
  target: TargetResult.nullable().optional(),
  outputs: RunOutputs.nullable().optional(),
  updated_time: z.date().optional(),
  /** the observation's num_images when the run was queued (the schedule queues one run per count) */
  num_images: z.number().int().nonnegative().optional(),
  /** frames measured so far while running (progress) and frames to measure */
  frames_done: z.number().int().nonnegative().optional(),
  frames_total: z.number().int().nonnegative().optional(),
  /** deliveries that started the run (a run is failed after too many) */
  attempts: z.number().int().nonnegative().optional(),
});
export type ProcessedObservationDoc = z.infer<typeof ProcessedObservationDoc>;

export const LightcurvePoint = z.object({
  /** mid-exposure, UTC */
  time: z.date(),
  /** Barycentric Julian Date (TDB) of mid-exposure for the star */
  bjd_tdb: nnum.optional(),
  airmass: nnum.optional(),
  /** image the point was measured on */
  image_id: nstr.optional(),
  /** flux normalised to the star's median, and its 1-sigma error, per channel (r, g, b or any named channel) */
  flux: z.record(z.string(), nnum),
  flux_err: z.record(z.string(), nnum),
  /** measurement flags: saturated, near_edge, low_signal, centroid_failed, blended */
  flags: z.array(z.string()).optional(),
});
export type LightcurvePoint = z.infer<typeof LightcurvePoint>;

export const LightcurveDoc = z.object({
  sequence_id: z.string(),
  processed_observation_id: z.string(),
  /** name and position of the star (all lightcurves; older documents have only this) */
  target: z.object({ name: z.string(), ra: num, dec: num }),
  created_time: z.date(),
  /** the measured star (runs of process-observation) */
  star: LightcurveStar.optional(),
  /** whether the star is the observation's field target */
  is_target: z.boolean().optional(),
  /** robust scatter of the normalised flux per channel, ppm per frame and binned to the run's bin minutes */
  rms_ppm: ChannelValues.optional(),
  rms_binned_ppm: ChannelValues.optional(),
  /** median CCD-equation error of the points, ppm */
  expected_ppm: ChannelValues.optional(),
  /** the comparison stars' ids per channel */
  comparisons: z.record(z.string(), z.array(z.string())).optional(),
  num_points: z.number().int().nonnegative().optional(),
  /** the points inline (sorted by time); null when they are at `storage_path` (beyond Firestore's 1 MiB) */
  points: z.array(LightcurvePoint).nullable(),
  /** storage path of the series when it is too large for a document */
  storage_path: nstr,
});
export type LightcurveDoc = z.infer<typeof LightcurveDoc>;
