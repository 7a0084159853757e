import type { LightcurveDocRead, LightcurvePoint } from "@panoptes/models";

/** The colour channels every export carries, in order (the Bayer mosaic's R, G = G1 + G2, B). */
export const EXPORT_CHANNELS = ["r", "g", "b"] as const;
export type ExportChannel = (typeof EXPORT_CHANNELS)[number];

/** One value per export channel (null where the channel has none). */
export type ChannelTriple = Record<ExportChannel, number | null>;

/** A measured star as every export names it. */
export interface ExportStar {
  /** catalogue id (`TYC 1234-567-1`); an older document's target name */
  id: string;
  name: string | null;
  /** degrees (ICRS) */
  ra: number;
  dec: number;
  /** Tycho-2 VT, magnitudes */
  vmag: number | null;
  /** BT−VT, magnitudes */
  colour: number | null;
}

/** A point as every export reads it: times as Dates, one value per channel, flags always a list. */
export interface ExportPoint {
  /** mid-exposure, UTC */
  time: Date;
  /** Barycentric Julian Date (TDB) of mid-exposure, days */
  bjd_tdb: number | null;
  airmass: number | null;
  image_id: string | null;
  /** flux normalised to the star's median (dimensionless) and its 1σ error */
  flux: ChannelTriple;
  flux_err: ChannelTriple;
  flags: string[];
}

/** A stored lightcurve in the one shape the exports, the API and the CLI read. */
export interface ExportLightcurve {
  id: string;
  sequence_id: string;
  processed_observation_id: string | null;
  star: ExportStar;
  is_target: boolean;
  /** robust scatter per frame, ppm */
  rms_ppm: ChannelTriple;
  /** comparison stars' ids per channel */
  comparisons: Record<string, string[]>;
  points: ExportPoint[];
}

/** Thrown when a lightcurve document names no star at all (neither `star` nor the older `target`). */
export class LightcurveShapeError extends Error {
  readonly code = "invalid-lightcurve";
  constructor(message: string) {
    super(message);
    this.name = "LightcurveShapeError";
  }
}

const triple = (v: Partial<Record<string, number | null>> | undefined): ChannelTriple => ({
  r: v?.r ?? null,
  g: v?.g ?? null,
  b: v?.b ?? null,
});

/**
 * The star a lightcurve document names: `star` for runs of process-observation; for older (and the former demo's
 * synthetic) documents, which only have `target` {name, ra, dec}, the target as the star (its name as the id).
 */
export function lightcurveStar(doc: LightcurveDocRead): ExportStar {
  if (doc.star) return { ...doc.star };
  if (doc.target) {
    const { name, ra, dec } = doc.target;
    return { id: name, name, ra, dec, vmag: null, colour: null };
  }
  throw new LightcurveShapeError(`lightcurve of ${doc.sequence_id} names no star (no star, no target)`);
}

/** A stored point in the export shape (r, g, b kept; flags defaulted to none). */
export function exportPoint(p: LightcurvePoint): ExportPoint {
  return {
    time: p.time,
    bjd_tdb: p.bjd_tdb ?? null,
    airmass: p.airmass ?? null,
    image_id: p.image_id ?? null,
    flux: triple(p.flux),
    flux_err: triple(p.flux_err),
    flags: p.flags ?? [],
  };
}

/**
 * A lightcurve document (any version) in the export shape. `points` are the document's inline points, or the
 * ones read from its `storage_path` when it has none inline.
 */
export function normaliseLightcurve(
  id: string,
  doc: LightcurveDocRead,
  points: readonly LightcurvePoint[] = doc.points ?? [],
): ExportLightcurve {
  return {
    id,
    sequence_id: doc.sequence_id,
    processed_observation_id: doc.processed_observation_id ?? null,
    star: lightcurveStar(doc),
    is_target: doc.is_target ?? false,
    rms_ppm: triple(doc.rms_ppm),
    comparisons: doc.comparisons ?? {},
    points: [...points].sort((a, b) => a.time.getTime() - b.time.getTime()).map(exportPoint),
  };
}
