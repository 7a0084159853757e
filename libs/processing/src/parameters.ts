import {
  DEFAULT_PHOTOMETRY,
  DEFAULT_SERIES,
  type PhotometryParams,
  type SeriesParams,
} from "@panoptes/photometry";

/** Everything that decides a run's result; written on the run document as `parameters`. */
export interface RunParameters {
  photometry: PhotometryParams;
  series: SeriesParams;
  /** faintest catalogue magnitude measured (Tycho-2 VT) */
  maxMag: number;
  catalogue: string;
  /** whether the Bayer pattern came from the frame header (BAYERPAT, or FILTER when it names a pattern) */
  patternFromHeader: boolean;
  /** a neighbour within this many aperture radii and at least a tenth as bright blends a star */
  blendRadii: number;
  /** magnitude bin width of the precision table */
  precisionBinMag: number;
}

export const DEFAULT_RUN_PARAMETERS: RunParameters = {
  photometry: DEFAULT_PHOTOMETRY,
  series: DEFAULT_SERIES,
  maxMag: 11.5,
  catalogue: "Tycho-2 (astrometry.net index-tycho2-1*, VT)",
  patternFromHeader: true,
  blendRadii: 2,
  precisionBinMag: 1,
};

/** Run parameters with overrides (a request's `parameters`), photometry and series merged field by field. */
export function runParameters(
  overrides: Partial<{
    photometry: Partial<PhotometryParams>;
    series: Partial<SeriesParams>;
    maxMag: number;
    binMinutes: number;
  }> = {},
): RunParameters {
  const series = { ...DEFAULT_SERIES, ...overrides.series };
  if (overrides.binMinutes !== undefined) series.binMinutes = overrides.binMinutes;
  return {
    ...DEFAULT_RUN_PARAMETERS,
    photometry: { ...DEFAULT_PHOTOMETRY, ...overrides.photometry },
    series,
    maxMag: overrides.maxMag ?? DEFAULT_RUN_PARAMETERS.maxMag,
  };
}
