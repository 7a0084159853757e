import { getJson, queryString } from "./api";
import { idToken } from "./auth";

/** lookup-field's answer: a name resolved to coordinates (degrees). */
export interface LookupResult {
  success: true;
  ra: number;
  dec: number;
  name: string;
  source: string;
}

/** get-fits-header's answer for one stored FITS file. */
export interface HeaderResult {
  success: true;
  header: Record<string, unknown>;
  cards: Array<{ keyword: string; value: unknown; comment: string | null }>;
  hdu: number;
}

async function authed<T>(path: string, params: Record<string, string>): Promise<T> {
  const token = await idToken();
  return getJson<T>(`${path}${queryString(params)}`, { headers: { Authorization: `Bearer ${token}` } });
}

/** Resolves an object name (e.g. "Vega") to RA/Dec through lookup-field (`GET /lookup?search_string=`). */
export function lookupName(name: string): Promise<LookupResult> {
  return authed<LookupResult>("/lookup", { search_string: name });
}

/** Reads a stored image's FITS header through get-fits-header (`GET /header?bucket_path=`). */
export function fitsHeader(bucketPath: string): Promise<HeaderResult> {
  return authed<HeaderResult>("/header", { bucket_path: bucketPath });
}
