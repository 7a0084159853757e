import type { PointingDrift } from "@panoptes/models";
import { angularDistanceDeg, normalizeRa } from "@panoptes/sky";

/** A solved frame's centre (degrees) and exposure time. */
export interface SolvedCentre {
  readonly time: Date;
  readonly ra: number;
  readonly dec: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * An observation's pointing from its solved frames: the median RA and Dec (RA unwrapped around the
 * first frame, so a field across RA 0/360 is not averaged to 180) and the drift over the sequence.
 * Null for no frames.
 */
export function observationPointing(
  frames: readonly SolvedCentre[],
): { ra: number; dec: number; drift: PointingDrift } | null {
  if (frames.length === 0) return null;
  const sorted = [...frames].sort((a, b) => a.time.getTime() - b.time.getTime());
  const first = sorted[0] as SolvedCentre;
  const last = sorted[sorted.length - 1] as SolvedCentre;
  const unwrapped = sorted.map((f) => first.ra + ((((f.ra - first.ra) % 360) + 540) % 360) - 180);
  const ra = normalizeRa(median(unwrapped));
  const dec = median(sorted.map((f) => f.dec));
  const total = angularDistanceDeg(first.ra, first.dec, last.ra, last.dec) * 60;
  const hours = (last.time.getTime() - first.time.getTime()) / 3_600_000;
  const maxOffset = Math.max(...sorted.map((f) => angularDistanceDeg(f.ra, f.dec, ra, dec) * 60));
  return {
    ra,
    dec,
    drift: {
      frames: sorted.length,
      first_time: first.time,
      last_time: last.time,
      total_arcmin: total,
      rate_arcmin_per_hour: hours > 0 ? total / hours : 0,
      max_offset_arcmin: maxOffset,
    },
  };
}
