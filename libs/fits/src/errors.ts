import { CodedError } from "@panoptes/errors";

/** Machine-readable codes of every error this library throws. */
export const FITS_ERROR_CODES = [
  "EMPTY_FILE",
  "NOT_FITS",
  "TRUNCATED_HEADER",
  "NO_END_CARD",
  "HEADER_TOO_LARGE",
  "BAD_STRUCTURE",
  "HDU_NOT_FOUND",
  "TRUNCATED_DATA",
  "DATA_TOO_LARGE",
  "UNSUPPORTED_COMPRESSION",
  "CORRUPT_COMPRESSED_DATA",
  "INVALID_KEYWORD",
  "INVALID_VALUE",
  "CARD_TOO_LONG",
  "INVALID_IMAGE",
] as const;
export type FitsErrorCode = (typeof FITS_ERROR_CODES)[number];

/** Base class of every error thrown by @panoptes/fits; `code` says what kind of failure it was. */
export class FitsError extends CodedError<FitsErrorCode> {}

/** The bytes are not a readable FITS file: empty, not FITS, truncated, missing END, bad structural keywords. */
export class FitsFormatError extends FitsError {}

/** A declared size goes beyond a configured bound (header size, data size), so reading stopped. */
export class FitsLimitError extends FitsError {}

/** A tile-compressed image uses an algorithm (or option) this library cannot decompress. */
export class UnsupportedCompressionError extends FitsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("UNSUPPORTED_COMPRESSION", message, options);
  }
}

/** A compressed tile could not be decoded (its bytes end early or are inconsistent). */
export class DecompressionError extends FitsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CORRUPT_COMPRESSED_DATA", message, options);
  }
}

/** Strict writing refused a card or image: bad keyword, value, card length or pixel array. */
export class FitsWriteError extends FitsError {}
