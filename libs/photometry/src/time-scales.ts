/** Julian date of the Unix epoch. */
const JD_UNIX_EPOCH = 2440587.5;
/** J2000.0 as a Julian date (TT). */
export const JD_J2000 = 2451545.0;
const SECONDS_PER_DAY = 86400;

/**
 * TAI − UTC (s) from the dates it took effect (IERS Bulletin C). Valid from 1999; a date after the last entry uses
 * the last value, which is right until the IERS announces the next leap second (none is scheduled as of 2026).
 */
const LEAP_SECONDS: ReadonlyArray<readonly [string, number]> = [
  ["1999-01-01", 32],
  ["2006-01-01", 33],
  ["2009-01-01", 34],
  ["2012-07-01", 35],
  ["2015-07-01", 36],
  ["2017-01-01", 37],
];

/** TAI − UTC in seconds at a UTC instant. Throws for dates before 1999 (not in the table). */
export function taiMinusUtc(utc: Date): number {
  const ms = utc.getTime();
  let value: number | null = null;
  for (const [date, seconds] of LEAP_SECONDS) if (ms >= Date.parse(`${date}T00:00:00Z`)) value = seconds;
  if (value === null)
    throw new RangeError(`no leap-second entry before ${utc.toISOString()} (table starts 1999)`);
  return value;
}

/** Julian date of a UTC instant (UTC scale). */
export function jdUtc(utc: Date): number {
  return utc.getTime() / 1000 / SECONDS_PER_DAY + JD_UNIX_EPOCH;
}

/** Julian date in Terrestrial Time: TT = UTC + (TAI − UTC) + 32.184 s. */
export function jdTt(utc: Date): number {
  return jdUtc(utc) + (taiMinusUtc(utc) + 32.184) / SECONDS_PER_DAY;
}

/**
 * TDB − TT in seconds: the two leading periodic terms (Fairhead & Bretagnon 1990), within ~30 µs of the full
 * series; the observer-dependent part (< 2 µs) is neglected.
 */
export function tdbMinusTt(jdTT: number): number {
  const g = ((357.53 + 0.98560028 * (jdTT - JD_J2000)) * Math.PI) / 180;
  return 0.001657 * Math.sin(g) + 0.000014 * Math.sin(2 * g);
}

/** Julian date in Barycentric Dynamical Time at the geocentre (before any light-travel correction). */
export function jdTdb(utc: Date): number {
  const tt = jdTt(utc);
  return tt + tdbMinusTt(tt) / SECONDS_PER_DAY;
}

/** Greenwich mean sidereal time (radians) at a UTC instant, taking UT1 = UTC (error ≤ 0.9 s of time). */
export function gmst(utc: Date): number {
  const d = jdUtc(utc) - JD_J2000;
  const t = d / 36525;
  const deg = 280.46061837 + 360.98564736629 * d + 0.000387933 * t * t - (t * t * t) / 38710000;
  return ((((deg % 360) + 360) % 360) * Math.PI) / 180;
}
