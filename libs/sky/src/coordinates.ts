/** Plain coordinate strings typed by people, parsed without any name resolver. */

/** A sky position in degrees: RA in [0, 360), Dec in [-90, 90]. */
export interface SkyPosition {
  ra: number;
  dec: number;
}

/** Raised for text that looks like coordinates but whose values are out of range. */
export class InvalidCoordinatesError extends Error {
  readonly code = "invalid-coordinates";
  constructor(message: string) {
    super(message);
    this.name = "InvalidCoordinatesError";
  }
}

const NUM = String.raw`(\d+(?:\.\d*)?|\.\d+)`;
const SNUM = String.raw`([+-]?)\s*${NUM}`;
// 18:36:56.3 | 18h36m56.3s | 18 36 56.3 (hours) and +38:47:01 | +38d47m01s | +38°47'01" (degrees)
const SEXA_RA = String.raw`${NUM}\s*[h:\s]\s*${NUM}\s*[m:'′\s]\s*${NUM}\s*s?`;
const SEXA_DEC = String.raw`${SNUM}\s*[d°:\s]\s*${NUM}\s*[m:'′\s]\s*${NUM}\s*(?:s|"|″)?`;
const SEXAGESIMAL = new RegExp(String.raw`^${SEXA_RA}\s*[,\s]\s*${SEXA_DEC}$`, "i");
const DECIMAL = new RegExp(String.raw`^${NUM}\s*(?:d|°|deg)?\s*[,\s]\s*${SNUM}\s*(?:d|°|deg)?$`, "i");

function checked(text: string, ra: number, dec: number): SkyPosition {
  if (!(ra >= 0 && ra < 360)) {
    throw new InvalidCoordinatesError(
      `RA must be 0 ≤ RA < 360 degrees (or < 24 hours) in ${JSON.stringify(text)}, got ${ra}`,
    );
  }
  if (!(dec >= -90 && dec <= 90)) {
    throw new InvalidCoordinatesError(
      `Dec must be between -90 and +90 degrees in ${JSON.stringify(text)}, got ${dec}`,
    );
  }
  return { ra, dec };
}

function sexagesimalPart(a: string, b: string, c: string, label: string, text: string): number {
  const [x, m, s] = [Number(a), Number(b), Number(c)];
  if (m >= 60 || s >= 60) {
    throw new InvalidCoordinatesError(
      `${label} minutes and seconds must be below 60 in ${JSON.stringify(text)}`,
    );
  }
  return x + m / 60 + s / 3600;
}

/**
 * Parses a coordinate string into degrees, or returns null when the text is not coordinates (a name such as
 * "Vega" or "M42", left to a name resolver). Accepted: decimal degrees `279.2347 +38.7837` (comma or space,
 * optional `d`/`°`), and sexagesimal RA in hours with Dec in degrees: `18:36:56.3 +38:47:01`,
 * `18h36m56.3s +38d47m01s`, `18 36 56.3 +38 47 01`. Throws InvalidCoordinatesError for coordinates out of range.
 */
export function parseCoordinates(text: string): SkyPosition | null {
  const t = text.trim();
  const sexa = SEXAGESIMAL.exec(t);
  if (sexa) {
    const [, h, m, s, sign, d, dm, ds] = sexa as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const raHours = sexagesimalPart(h, m, s, "RA", t);
    const decAbs = sexagesimalPart(d, dm, ds, "Dec", t);
    return checked(t, raHours * 15, sign === "-" ? -decAbs : decAbs);
  }
  const dec = DECIMAL.exec(t);
  if (dec) {
    const [, ra, sign, d] = dec as unknown as [string, string, string, string];
    return checked(t, Number(ra), sign === "-" ? -Number(d) : Number(d));
  }
  return null;
}

/** Formats RA (degrees) as `HH:MM:SS.s` hours. */
export function formatRaHms(ra: number): string {
  const totalTenths = Math.round(((((ra % 360) + 360) % 360) / 15) * 36000);
  const h = Math.floor(totalTenths / 36000) % 24;
  const m = Math.floor((totalTenths % 36000) / 600);
  const s = (totalTenths % 600) / 10;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${s.toFixed(1).padStart(4, "0")}`;
}

/** Formats Dec (degrees) as `±DD:MM:SS`. */
export function formatDecDms(dec: number): string {
  const sign = dec < 0 ? "-" : "+";
  const total = Math.round(Math.abs(dec) * 3600);
  const d = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${sign}${String(d).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
