import { CodedError } from "@panoptes/errors";

/** Machine-readable codes of every error this library throws. */
export const CR2_ERROR_CODES = [
  "TIFF_FORMAT",
  "RAW_DATA_MISSING",
  "LJPEG_DECODE",
  "SLICE_LAYOUT",
  "DEBAYER_INPUT",
] as const;
export type Cr2ErrorCode = (typeof CR2_ERROR_CODES)[number];

/** Base class: every error of this library has a `code` and a message saying what failed, the rule and what was received. */
export class Cr2Error extends CodedError<Cr2ErrorCode> {}

/** The bytes are not a readable TIFF/CR2 structure (bad byte order mark, IFD outside the file, ...). */
export class TiffFormatError extends Cr2Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("TIFF_FORMAT", message, options);
  }
}

/** The file has no raw image data to decode (no raw IFD, or the strip lies past the end of the file). */
export class RawDataMissingError extends Cr2Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("RAW_DATA_MISSING", message, options);
  }
}

/** The lossless JPEG stream is malformed, truncated or uses a feature this decoder does not support. */
export class LjpegDecodeError extends Cr2Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("LJPEG_DECODE", message, options);
  }
}

/** The CR2 slice tag (0xC640) does not describe the decoded frame. */
export class SliceLayoutError extends Cr2Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("SLICE_LAYOUT", message, options);
  }
}

/** A debayer input (mosaic size, pattern) is not usable. */
export class DebayerInputError extends Cr2Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DEBAYER_INPUT", message, options);
  }
}
