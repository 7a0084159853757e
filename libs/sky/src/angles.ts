/** Angle helpers. Every angle in this library is in degrees unless a name says otherwise. */

const RAD = Math.PI / 180;

/** Degrees to radians. */
export function toRadians(deg: number): number {
  return deg * RAD;
}

/** Radians to degrees. */
export function toDegrees(rad: number): number {
  return rad / RAD;
}

/** Right ascension normalised into [0, 360) degrees (e.g. -1 → 359, 360 → 0). */
export function normalizeRa(ra: number): number {
  const r = ra % 360;
  return r < 0 ? r + 360 : r === 0 ? 0 : r;
}

/**
 * True angular distance in degrees between two sky positions (RA, Dec in degrees), by the Vincenty formula,
 * which stays accurate for tiny and for antipodal separations alike. Handles RA wrap-around (359.9 vs 0.1) and
 * the poles (any RA at Dec ±90 is the same point).
 */
export function angularDistanceDeg(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const d1 = toRadians(dec1);
  const d2 = toRadians(dec2);
  const dra = toRadians(ra2 - ra1);
  const sinD1 = Math.sin(d1);
  const cosD1 = Math.cos(d1);
  const sinD2 = Math.sin(d2);
  const cosD2 = Math.cos(d2);
  const x = cosD2 * Math.sin(dra);
  const y = cosD1 * sinD2 - sinD1 * cosD2 * Math.cos(dra);
  const z = sinD1 * sinD2 + cosD1 * cosD2 * Math.cos(dra);
  return toDegrees(Math.atan2(Math.hypot(x, y), z));
}
