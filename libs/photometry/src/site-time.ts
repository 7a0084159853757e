import { earthBarycentric, type Vector3 } from "./ephemeris";
import { gmst, JD_J2000, jdTdb, jdUtc } from "./time-scales";

/** Where a unit stands: geodetic latitude and longitude (deg, east positive) and height (m, WGS84). */
export interface Site {
  latitude: number;
  longitude: number;
  elevation: number;
}

/** Light-travel time of one astronomical unit, seconds (IAU 2012: au = 149 597 870 700 m). */
const AU_LIGHT_SECONDS = 499.00478383615643;
const AU_METRES = 149597870700;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Unit vector towards (ra, dec) in degrees. */
function direction(ra: number, dec: number): Vector3 {
  return [Math.cos(rad(dec)) * Math.cos(rad(ra)), Math.cos(rad(dec)) * Math.sin(rad(ra)), Math.sin(rad(dec))];
}

/** Geocentric position of a site in au, in the Earth's equatorial frame rotated by Greenwich sidereal time. */
function sitePosition(site: Site, utc: Date): Vector3 {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const e2 = f * (2 - f);
  const phi = rad(site.latitude);
  const n = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const rho = (n + site.elevation) * Math.cos(phi);
  const z = (n * (1 - e2) + site.elevation) * Math.sin(phi);
  const angle = gmst(utc) + rad(site.longitude);
  return [(rho * Math.cos(angle)) / AU_METRES, (rho * Math.sin(angle)) / AU_METRES, z / AU_METRES];
}

/**
 * Barycentric Julian Date in TDB of light from (ra, dec) (ICRS degrees) reaching `site` at the UTC instant `utc`:
 * TDB at the geocentre plus the Rømer delay of the observer's barycentric position projected on the star's direction
 * (the Shapiro delay, < 0.1 ms, is neglected). Agrees with astropy's `t.tdb + t.light_travel_time(star)` to well
 * under a second (tested); the product needs a second.
 */
export function bjdTdb(utc: Date, ra: number, dec: number, site: Site): number {
  const tdb = jdTdb(utc);
  const earth = earthBarycentric(tdb);
  const obs = sitePosition(site, utc);
  const n = direction(ra, dec);
  let dot = 0;
  for (let k = 0; k < 3; k++) dot += (earth[k]! + obs[k]!) * n[k]!;
  return tdb + (dot * AU_LIGHT_SECONDS) / 86400;
}

/** (ra, dec) of J2000 precessed to the mean equator of date (IAU 1976 angles), degrees. */
function precessToDate(ra: number, dec: number, utc: Date): [number, number] {
  const t = (jdUtc(utc) - JD_J2000) / 36525;
  const arcsec = (v: number) => rad(v / 3600);
  const zeta = arcsec(2306.2181 * t + 0.30188 * t * t + 0.017998 * t ** 3);
  const z = arcsec(2306.2181 * t + 1.09468 * t * t + 0.018203 * t ** 3);
  const theta = arcsec(2004.3109 * t - 0.42665 * t * t - 0.041833 * t ** 3);
  const a = rad(ra) + zeta;
  const d = rad(dec);
  const A = Math.cos(d) * Math.sin(a);
  const B = Math.cos(theta) * Math.cos(d) * Math.cos(a) - Math.sin(theta) * Math.sin(d);
  const C = Math.sin(theta) * Math.cos(d) * Math.cos(a) + Math.cos(theta) * Math.sin(d);
  return [((Math.atan2(A, B) + z) * 180) / Math.PI, (Math.asin(C) * 180) / Math.PI];
}

/**
 * Altitude (deg, no refraction) of (ra, dec) (J2000 degrees) seen from `site` at `utc`, and the airmass as sec z
 * (astropy's `AltAz.secz`; null below the horizon).
 */
export function altitudeAirmass(
  utc: Date,
  ra: number,
  dec: number,
  site: Site,
): { altitude: number; airmass: number | null } {
  const [raDate, decDate] = precessToDate(ra, dec, utc);
  const hourAngle = gmst(utc) + rad(site.longitude) - rad(raDate);
  const phi = rad(site.latitude);
  const sinAlt =
    Math.sin(phi) * Math.sin(rad(decDate)) + Math.cos(phi) * Math.cos(rad(decDate)) * Math.cos(hourAngle);
  const altitude = (Math.asin(Math.max(-1, Math.min(1, sinAlt))) * 180) / Math.PI;
  return { altitude, airmass: sinAlt > 0 ? 1 / sinAlt : null };
}
