import { BadParameterError } from "./http-errors";

/** Where a page of the newest-first observation list ends: the last row's time and document id. */
export interface Cursor {
  /** milliseconds since the epoch (UTC) */
  time: number;
  id: string;
}

/** Encodes a cursor as opaque base64url text for the `cursor` query parameter. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.time, c.id]), "utf8").toString("base64url");
}

/** Decodes a `cursor` parameter; throws BadParameterError for anything encodeCursor did not make. */
export function decodeCursor(text: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      Number.isFinite(v[0]) &&
      typeof v[1] === "string" &&
      v[1] !== ""
    ) {
      return { time: v[0] as number, id: v[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadParameterError("cursor", "is not a cursor this API returned (use next_cursor as given)");
}
