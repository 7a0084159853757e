import { CodedError } from "@panoptes/errors";

/** Machine-readable codes of every error the generators throw. */
export const GENERATOR_ERROR_CODES = ["LJPEG_ENCODE", "WRITER_INPUT"] as const;
export type GeneratorErrorCode = (typeof GENERATOR_ERROR_CODES)[number];

/** Base class: every generator error has a `code` and a message saying what was asked and why it cannot be made. */
export class GeneratorError extends CodedError<GeneratorErrorCode> {}

/** The lossless JPEG encoder was given parameters it cannot encode. */
export class LjpegEncodeError extends GeneratorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("LJPEG_ENCODE", message, options);
  }
}

/** The test CR2 writer was given inconsistent options. */
export class WriterInputError extends GeneratorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("WRITER_INPUT", message, options);
  }
}
