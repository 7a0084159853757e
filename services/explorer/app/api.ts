import type {
  ExplorerApiRoutes,
  ExplorerSummary,
  ImageRow,
  ImageSeries as ImageSeriesBody,
  Json,
  LightcurveView,
  MeasuredStarRow,
  ObservationRow,
  ProcessingRunRow,
  UnitDocRead,
} from "@panoptes/models";

/*
 * The read API's answers as the web app receives them: the types services/explorer-api declares in
 * @panoptes/models, as JSON (times are ISO 8601 UTC strings). Type-only imports: nothing of the library is bundled.
 */

/** The JSON body of a successful answer of a read-API route. */
export type Answer<R extends keyof ExplorerApiRoutes> = Json<ExplorerApiRoutes[R]>;
export type Summary = Json<ExplorerSummary>;
export type Unit = Json<UnitDocRead>;
export type Observation = Json<ObservationRow>;
export type Image = Json<ImageRow>;
export type ImageSeries = Json<ImageSeriesBody>;
export type ProcessingRun = Json<ProcessingRunRow>;
export type MeasuredStar = Json<MeasuredStarRow>;
export type Lightcurve = Json<LightcurveView>;

/** An error answer of any endpoint, with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The query string of a parameter map, leaving out empty values. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** A response index.html started fetching for this URL (home page), taken once; null otherwise. */
function takePrefetched(url: string, init: RequestInit): Promise<Response> | null {
  const store = (window as { __explorerPrefetch?: Record<string, Promise<Response>> }).__explorerPrefetch;
  const early = init.headers === undefined ? store?.[url] : undefined;
  if (!store || !early) return null;
  delete store[url];
  return early;
}

/** GETs a JSON endpoint; throws ApiError with the server's message for an error answer or a network failure. */
export async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await (takePrefetched(url, init) ?? fetch(url, init));
  } catch (err) {
    throw new ApiError(0, "network", `could not reach ${url.split("?")[0]}: ${(err as Error).message}`);
  }
  const path = url.split("?")[0];
  if ((res.headers.get("content-type") ?? "").includes("text/html")) {
    // Hosting's fallback to index.html: no function is wired at this path.
    throw new ApiError(
      res.status,
      "not-available",
      `${path} is not available on this server (it answered a web page, not JSON)`,
    );
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const b = body as { success?: boolean; error?: { code?: string; message?: string } } | null;
  if (!res.ok || !b || b.success === false) {
    throw new ApiError(
      res.status,
      b?.error?.code ?? "http",
      b?.error?.message ?? `${path} answered HTTP ${res.status}${b ? "" : " without JSON"}`,
    );
  }
  return body as T;
}

/** GETs a read-API route (`/api/...`). */
export function api<T>(
  path: string,
  params: Record<string, string | number | undefined | null> = {},
): Promise<T> {
  return getJson<T>(`/api${path}${queryString(params)}`);
}

/**
 * POSTs to an authenticated endpoint with the visitor's Firebase ID token; answers the JSON body, or throws
 * ApiError with the server's message.
 */
export async function postJson<T>(url: string, token: string, body: unknown = {}): Promise<T> {
  return getJson<T>(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
