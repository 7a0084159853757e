/** Raised for options cr2-fits cannot honour (unknown interpolation or product). */
export class Cr2FitsInputError extends Error {
  readonly code = "CR2_FITS_INPUT";
  constructor(message: string) {
    super(message);
    this.name = "Cr2FitsInputError";
  }
}
