/** The read API's answers, as the web app uses them (see services/explorer-api). Times are ISO 8601 UTC strings. */

export interface Summary {
  units: number;
  observations: number;
  images: number;
  hours_exptime: number;
}

export interface Unit {
  unit_id: string;
  name?: string | null;
  elevation?: number | null;
  location?: { latitude: number; longitude: number } | null;
  status?: string;
  num_images?: number;
  num_observations?: number;
  total_minutes_exptime?: number;
}

export interface Observation {
  sequence_id: string;
  unit_id?: string;
  camera_id?: string;
  time?: string;
  received_time?: string;
  field_name?: string | null;
  ra?: number | null;
  dec?: number | null;
  exptime?: number | null;
  iso?: number | null;
  camera_filter?: string | null;
  status?: string;
  num_images?: number;
  total_minutes_exptime?: number;
  project?: string | null;
  software_version?: string | null;
  /** solve-image's pointing summary over the solved frames */
  drift?: {
    frames: number;
    first_time: string;
    last_time: string;
    total_arcmin: number;
    rate_arcmin_per_hour: number;
    max_offset_arcmin: number;
  } | null;
}

export interface Image {
  image_id: string;
  time?: string;
  exptime?: number | null;
  airmass?: number | null;
  moonsep?: number | null;
  camtemp?: number | null;
  status?: string;
  bucket_path?: string | null;
  solved?: boolean;
  /** set by solve-image: arcsec per pixel, or why the frame could not be solved */
  pixel_scale?: number | null;
  solve_reason?: string | null;
  solve_generation?: string | null;
  links: {
    file: string | null;
    products: { bayer: string | null; r: string | null; g: string | null; b: string | null } | null;
  };
}

export interface ImageSeries {
  time: string[];
  airmass: Array<number | null>;
  moonsep: Array<number | null>;
  camtemp: Array<number | null>;
  exptime: Array<number | null>;
  /** arcminutes east and north of the observation's solved centre, null for unsolved frames */
  offset_east: Array<number | null>;
  offset_north: Array<number | null>;
}

export interface LightcurveSummary {
  id: string;
  target?: { name: string; ra: number; dec: number };
  num_points: number;
  channels: string[];
  created_time?: string;
}

export interface ProcessedObservation {
  id: string;
  status?: string;
  software_version?: string | null;
  created_time?: string;
  summary?: Record<string, number | string | null>;
}

export interface LightcurvePoint {
  time: string;
  flux: Record<string, number | null>;
  flux_err: Record<string, number | null>;
}

export interface Lightcurve {
  id: string;
  sequence_id: string;
  target?: { name: string; ra: number; dec: number };
  points?: LightcurvePoint[] | null;
  storage_path?: string | null;
}

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
