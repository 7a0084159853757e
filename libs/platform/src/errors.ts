/**
 * Error classes shared by every service. A permanent error means the input can never succeed (acknowledge the
 * event and record it); a transient error means the platform failed (throw so Pub/Sub retries with backoff).
 */

export type ErrorKind = "permanent" | "transient";

/** Base class: a machine-readable `code`, a `kind`, and the original `cause`. */
export class PipelineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The input is wrong and retrying cannot help (not FITS, corrupt header, contradicting ids...). */
export class PermanentError extends PipelineError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, "permanent", options);
  }
}

/** A dependency failed (Firestore, Storage or Pub/Sub unavailable, timeouts); retry later. */
export class TransientError extends PipelineError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, "transient", options);
  }
}

/** Invalid configuration: a service cannot start. */
export class ConfigError extends Error {
  readonly code = "invalid-config";
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

// gRPC status codes that mean "try again": CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED,
// ABORTED, INTERNAL, UNAVAILABLE.
const TRANSIENT_GRPC = new Set([1, 2, 4, 8, 10, 13, 14]);
const TRANSIENT_NET = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
]);
// A transaction the server no longer knows (it expired, or the server restarted mid-transaction): the Firestore
// emulator answers INVALID_ARGUMENT "Transaction is invalid or closed", production ABORTED or FAILED_PRECONDITION
// "...transaction has expired or is no longer valid". Nothing is wrong with the request: run it again.
const LOST_TRANSACTION = /transaction (is invalid or closed|has expired|.*no longer valid)/i;

/**
 * Classifies any thrown value. Our PipelineErrors (and errors with a `kind` field) carry their kind; Google API errors are transient for
 * retryable gRPC codes, HTTP 408/429/5xx and network failures; everything else unknown is transient too, so a
 * bug surfaces as retries with backoff (bounded by the subscription's retry policy and dead-letter topic)
 * rather than silently losing an event.
 */
export function errorKind(err: unknown): ErrorKind {
  if (err instanceof PipelineError) return err.kind;
  if (typeof err !== "object" || err === null) return "transient";
  const e = err as { code?: unknown; status?: unknown; cause?: unknown; kind?: unknown };
  // Errors of libraries below this one (e.g. @panoptes/models' MessagePathError) declare their kind.
  if (e.kind === "permanent" || e.kind === "transient") return e.kind;
  if (typeof e.code === "number" && e.code >= 100)
    return e.code === 408 || e.code === 429 || e.code >= 500 ? "transient" : "permanent";
  if (typeof e.code === "number")
    return TRANSIENT_GRPC.has(e.code) || LOST_TRANSACTION.test(String((err as { message?: unknown }).message))
      ? "transient"
      : "permanent";
  if (typeof e.code === "string" && TRANSIENT_NET.has(e.code)) return "transient";
  if (typeof e.status === "number")
    return e.status === 408 || e.status === 429 || e.status >= 500 ? "transient" : "permanent";
  if (e.cause !== undefined) return errorKind(e.cause);
  return "transient";
}

/** `{code, message}` of any thrown value, for records and HTTP answers. */
export function errorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      code: typeof code === "string" ? code : typeof code === "number" ? `code-${code}` : "error",
      message: err.message,
    };
  }
  return { code: "error", message: String(err) };
}
