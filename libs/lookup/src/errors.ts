/** Every error code this library throws, declared once. */
export const LOOKUP_ERROR_CODES = [
  "invalid-search-string",
  "invalid-coordinates",
  "not-found",
  "resolver-unavailable",
  "catalog-unavailable",
] as const;
export type LookupErrorCode = (typeof LOOKUP_ERROR_CODES)[number];

/** The HTTP status a service should answer for each code (`{error: {code, message}}` body). */
export const LOOKUP_ERROR_HTTP_STATUS: Readonly<Record<LookupErrorCode, number>> = {
  "invalid-search-string": 400,
  "invalid-coordinates": 400,
  "not-found": 404,
  "resolver-unavailable": 503,
  "catalog-unavailable": 500,
};

/** Base class of every error thrown by @panoptes/lookup; `code` is stable, `message` is for people. */
export class LookupError extends Error {
  readonly code: LookupErrorCode;

  constructor(code: LookupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LookupError";
    this.code = code;
  }
}

/** The search string is missing, empty, too long or contains control characters. */
export class InvalidSearchStringError extends LookupError {
  constructor(message: string) {
    super("invalid-search-string", message);
    this.name = "InvalidSearchStringError";
  }
}

/** The search string looks like coordinates but breaks a rule (range, minutes >= 60, shape). */
export class InvalidCoordinatesError extends LookupError {
  constructor(message: string) {
    super("invalid-coordinates", message);
    this.name = "InvalidCoordinatesError";
  }
}

/** No resolver knew the name; `tried` lists the resolvers asked, in order. */
export class NotFoundError extends LookupError {
  readonly tried: readonly string[];

  constructor(searchString: string, tried: readonly string[], notTried: readonly string[]) {
    const skipped = notTried.length > 0 ? `; not tried: ${notTried.join(", ")}` : "";
    super(
      "not-found",
      `no object named ${JSON.stringify(searchString)}: tried ${tried.join(", ")}${skipped}`,
    );
    this.name = "NotFoundError";
    this.tried = tried;
  }
}

/** Nothing offline matched and every Sesame mirror failed or timed out. */
export class ResolverUnavailableError extends LookupError {
  constructor(searchString: string, detail: string, options?: { cause?: unknown }) {
    super(
      "resolver-unavailable",
      `could not resolve ${JSON.stringify(searchString)}: not in the offline catalogue or the network's fields, ` +
        `and the Sesame name resolver is unavailable (${detail})`,
      options,
    );
    this.name = "ResolverUnavailableError";
  }
}

/** The offline catalogue files could not be read or had an unexpected shape. */
export class CatalogUnavailableError extends LookupError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("catalog-unavailable", message, options);
    this.name = "CatalogUnavailableError";
  }
}

/** Whether `value` is a LookupError (also across duplicated module copies, by its code). */
export function isLookupError(value: unknown): value is LookupError {
  if (value instanceof LookupError) return true;
  if (!(value instanceof Error)) return false;
  const code: unknown = (value as Error & { code?: unknown }).code;
  return typeof code === "string" && (LOOKUP_ERROR_CODES as readonly string[]).includes(code);
}
