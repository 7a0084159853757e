import type { App } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";

/** The parts of an HTTP request the JSON services use (express and firebase-functions requests fit). */
export interface HttpRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body?: unknown;
}

/** The parts of a response the JSON services use. */
export interface HttpResponse {
  status(code: number): HttpResponse;
  set(name: string, value: string): HttpResponse;
  json(body: unknown): void;
  end(): void;
}

/** An error with the HTTP status and code it answers with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The failure body of every HTTP service: `{"success": false, "msg": message, "error": {code, message}}`. `msg`
 * is what the 2020 network's clients read; `error` carries the code.
 */
export function errorBody(
  code: string,
  message: string,
): { success: false; msg: string; error: { code: string; message: string } } {
  return { success: false, msg: message, error: { code, message } };
}

/** Answers `errorBody(code, message)` with `status`. */
export function sendError(res: HttpResponse, status: number, code: string, message: string): void {
  res.status(status).json(errorBody(code, message));
}

function header(req: HttpRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Applies CORS for the allowed origins (exact matches; "*" allows any). Returns true when the request was a
 * preflight and has been answered.
 */
export function applyCors(
  req: HttpRequest,
  res: HttpResponse,
  allowedOrigins: readonly string[],
  methods = "GET, POST",
): boolean {
  const origin = header(req, "origin");
  if (origin && (allowedOrigins.includes("*") || allowedOrigins.includes(origin))) {
    res.set("Access-Control-Allow-Origin", origin);
    res.set("Vary", "Origin");
    res.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
    res.set("Access-Control-Allow-Methods", methods);
    res.set("Access-Control-Max-Age", "3600");
  }
  if (req.method === "OPTIONS") {
    res.status(204).end();
    return true;
  }
  return false;
}

/** Verifies a Firebase Auth ID token (`Authorization: Bearer …`); returns the user id or throws HttpError 401. */
export async function verifyCaller(app: App, req: HttpRequest): Promise<string> {
  const auth = header(req, "authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m)
    throw new HttpError(401, "unauthenticated", "send a Firebase ID token: Authorization: Bearer <token>");
  try {
    return (await getAuth(app).verifyIdToken(m[1]!)).uid;
  } catch {
    throw new HttpError(401, "unauthenticated", "the ID token is invalid or expired");
  }
}

/** A GET query parameter or a POST JSON body field (strings only); undefined when absent. */
export function requestParam(req: HttpRequest, name: string): unknown {
  if (req.method === "POST") {
    const body = typeof req.body === "string" ? safeJson(req.body) : req.body;
    return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  }
  return req.query[name];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid-json", "the request body is not valid JSON");
  }
}

export interface JsonEndpointOptions {
  allowedOrigins: readonly string[];
  /** Verifies the caller (e.g. verifyCaller); throws HttpError 401 when it is not allowed. */
  authenticate: (req: HttpRequest) => Promise<string>;
  /** Maps a domain error to its HTTP status and code, or undefined for "unexpected" (500). */
  classify?: (err: unknown) => { status: number; code: string } | undefined;
  log?: {
    info(m: string, f?: Record<string, unknown>): void;
    error(m: string, f?: Record<string, unknown>): void;
  };
}

/**
 * Runs one authenticated JSON request: CORS, GET/POST only (405 otherwise), authentication (401), then `run`,
 * whose result is sent as `{"success": true, ...result}`. Errors answer `{"success": false, "msg", "error":
 * {code, message}}`: HttpErrors with their status, classified domain errors with theirs, anything else 500.
 */
export async function handleJsonRequest(
  req: HttpRequest,
  res: HttpResponse,
  options: JsonEndpointOptions,
  run: (req: HttpRequest, uid: string) => Promise<Record<string, unknown>>,
): Promise<void> {
  if (applyCors(req, res, options.allowedOrigins)) return;
  try {
    if (req.method !== "GET" && req.method !== "POST") {
      res.set("Allow", "GET, POST, OPTIONS");
      throw new HttpError(405, "method-not-allowed", `${req.method} is not allowed: use GET or POST`);
    }
    const uid = await options.authenticate(req);
    const result = await run(req, uid);
    res.status(200).json({ success: true, ...result });
  } catch (err) {
    if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message);
    const known = options.classify?.(err);
    if (known) return sendError(res, known.status, known.code, (err as Error).message);
    options.log?.error(`unexpected error: ${(err as Error).message}`, { error: err });
    sendError(res, 500, "internal", "the service failed unexpectedly; the error is logged");
  }
}
