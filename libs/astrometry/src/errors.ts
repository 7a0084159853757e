import { CodedError } from "@panoptes/errors";

/** Codes of the errors this library throws. */
export const ASTROMETRY_ERROR_CODES = [
  "SOLVE_FIELD_MISSING",
  "SOLVE_FIELD_FAILED",
  "NOT_AN_IMAGE",
  "BAD_INDEX",
] as const;
export type AstrometryErrorCode = (typeof ASTROMETRY_ERROR_CODES)[number];

/** solve-field is not installed, crashed, or the image cannot be solved for a reason that is not the sky's. */
export class AstrometryError extends CodedError<AstrometryErrorCode> {}

/** How to install what the solver needs, for messages. */
export const INSTALL_HINT =
  "install astrometry.net and its Tycho-2 index files: sudo apt-get install astrometry.net astrometry-data-tycho2-10-19";
