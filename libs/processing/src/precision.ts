import type { PrecisionBin } from "@panoptes/models";
import { CHANNELS, type Channel, finiteMedian, type Lightcurve } from "@panoptes/photometry";

/**
 * The run's precision table: stars grouped in magnitude bins of `binMag` (from the brightest star's bin to
 * `maxMag`), per channel the median over the bin's lightcurves of the per-frame scatter, the binned scatter and
 * the CCD-equation floor, all ppm. Lightcurves of stars saturated on most frames, or without any scatter, are
 * left out (they say nothing of the photometry). Empty bins are omitted.
 */
export function precisionTable(
  lightcurves: readonly Lightcurve[],
  maxMag: number,
  binMag = 1,
): PrecisionBin[] {
  const usable = lightcurves.filter(
    (lc) =>
      lc.points.filter((p) => p.flags.includes("saturated")).length <= lc.points.length / 2 &&
      CHANNELS.some((ch) => lc.rms_ppm[ch] !== null),
  );
  if (usable.length === 0) return [];
  const lowest = Math.floor(Math.min(...usable.map((lc) => lc.star.vmag)) / binMag) * binMag;
  const bins: PrecisionBin[] = [];
  for (let lo = lowest; lo < maxMag; lo += binMag) {
    const hi = Math.min(maxMag, lo + binMag);
    const inBin = usable.filter(
      (lc) => lc.star.vmag >= lo && (lc.star.vmag < hi || (hi === maxMag && lc.star.vmag <= hi)),
    );
    if (inBin.length === 0) continue;
    const med = (key: "rms_ppm" | "rms_binned_ppm" | "expected_ppm") =>
      Object.fromEntries(
        CHANNELS.map((ch: Channel) => {
          const v = finiteMedian(inBin.map((lc) => lc[key][ch] ?? NaN));
          return [ch, Number.isFinite(v) ? Math.round(v) : null];
        }),
      ) as PrecisionBin["rms_ppm"];
    bins.push({
      vmag_min: Number(lo.toFixed(3)),
      vmag_max: Number(hi.toFixed(3)),
      stars: inBin.length,
      rms_ppm: med("rms_ppm"),
      rms_binned_ppm: med("rms_binned_ppm"),
      expected_ppm: med("expected_ppm"),
    });
  }
  return bins;
}
