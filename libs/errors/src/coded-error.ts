/**
 * Base of a library's errors: `code` is machine-readable (one of the library's closed set, e.g.
 * `FitsErrorCode`), the message says what failed, the rule and what was received, and `cause` keeps the
 * original. `name` is the subclass's own (`new.target.name`), so a subclass needs no constructor unless it fixes
 * its code.
 *
 * @example
 * export class FitsError extends CodedError<FitsErrorCode> {}
 * export class DecompressionError extends FitsError {
 *   constructor(message: string, options?: { cause?: unknown }) {
 *     super("CORRUPT_COMPRESSED_DATA", message, options);
 *   }
 * }
 */
export class CodedError<C extends string = string> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
