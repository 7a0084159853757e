/** Parameters of the zscale interval; the defaults are astropy's ZScaleInterval's (and IRAF's). */
export interface ZscaleOptions {
  /** samples taken from the finite values, evenly strided (n_samples) */
  readonly nSamples: number;
  /** slope divisor: smaller values widen the interval (contrast) */
  readonly contrast: number;
  /** fit abandoned when more than this fraction of samples is rejected (max_reject) */
  readonly maxReject: number;
  /** fit abandoned when fewer samples remain (min_npixels) */
  readonly minPixels: number;
  /** rejection threshold in standard deviations of the residuals (krej) */
  readonly krej: number;
  /** at most this many fit-and-reject rounds (max_iterations) */
  readonly maxIterations: number;
}

export const ZSCALE_DEFAULTS: ZscaleOptions = {
  nSamples: 1000,
  contrast: 0.25,
  maxReject: 0.5,
  minPixels: 5,
  krej: 2.5,
  maxIterations: 5,
};

/** Raised when an image has no finite value to take limits from. */
export class ZscaleInputError extends Error {
  readonly code = "zscale-no-finite-values";
  constructor(message: string) {
    super(message);
    this.name = "ZscaleInputError";
  }
}

/**
 * The samples zscale works on: every `stride`-th finite value (stride = floor(max(1, finite / nSamples))),
 * at most nSamples, sorted ascending, as astropy takes them from the flattened array.
 */
export function zscaleSamples(values: ArrayLike<number>, nSamples = ZSCALE_DEFAULTS.nSamples): Float64Array {
  let finite = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite++;
  if (finite === 0) throw new ZscaleInputError(`no finite value among ${values.length} pixels`);
  const stride = Math.trunc(Math.max(1, finite / nSamples));
  const out = new Float64Array(Math.min(nSamples, Math.ceil(finite / stride)));
  let seen = 0;
  let n = 0;
  for (let i = 0; i < values.length && n < out.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    if (seen % stride === 0) out[n++] = v;
    seen++;
  }
  return out.sort();
}

/**
 * The zscale display limits [lo, hi] of pixel values (any finite numbers; NaN and ±Infinity ignored), computed
 * as astropy's `ZScaleInterval.get_limits` does: a line is fitted to the sorted samples with k-sigma rejection
 * (rejected samples dilated by 1% of the sample count) and its slope, divided by the contrast, spans the
 * interval around the median, bounded by the samples' minimum and maximum. Units are those of the values.
 */
export function zscaleLimits(
  values: ArrayLike<number>,
  options: Partial<ZscaleOptions> = {},
): [number, number] {
  const o = { ...ZSCALE_DEFAULTS, ...options };
  return zscaleFromSamples(zscaleSamples(values, o.nSamples), o);
}

/**
 * zscaleSamples of `count` values that are all finite (e.g. integer pixels), read through `at(index)` without
 * materialising them: the same samples, so the same limits.
 */
export function zscaleSamplesOfFinite(
  count: number,
  at: (index: number) => number,
  nSamples = ZSCALE_DEFAULTS.nSamples,
): Float64Array {
  if (count === 0) throw new ZscaleInputError("no finite value among 0 pixels");
  const stride = Math.trunc(Math.max(1, count / nSamples));
  const out = new Float64Array(Math.min(nSamples, Math.ceil(count / stride)));
  for (let k = 0; k < out.length; k++) out[k] = at(k * stride);
  return out.sort();
}

/** zscaleLimits from samples already taken and sorted ascending (zscaleSamples or zscaleSamplesOfFinite). */
export function zscaleFromSamples(
  samples: Float64Array,
  options: Partial<ZscaleOptions> = {},
): [number, number] {
  const o = { ...ZSCALE_DEFAULTS, ...options };
  const npix = samples.length;
  let vmin = samples[0] as number;
  let vmax = samples[npix - 1] as number;
  const minpix = Math.max(o.minPixels, Math.trunc(npix * o.maxReject));
  const ngrow = Math.max(1, Math.trunc(npix * 0.01));
  let bad = new Uint8Array(npix);
  let ngood = npix;
  let lastNgood = npix + 1;
  let slope = 0;
  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    if (ngood >= lastNgood || ngood < minpix) break;
    const fit = fitLine(samples, bad);
    slope = fit.slope;
    const flat = new Float64Array(npix);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < npix; i++) {
      flat[i] = (samples[i] as number) - (fit.slope * i + fit.intercept);
      if (!bad[i]) {
        sum += flat[i] as number;
        count++;
      }
    }
    const mean = sum / count;
    let squares = 0;
    for (let i = 0; i < npix; i++) if (!bad[i]) squares += ((flat[i] as number) - mean) ** 2;
    const threshold = o.krej * Math.sqrt(squares / count);
    for (let i = 0; i < npix; i++) {
      const f = flat[i] as number;
      if (f < -threshold || f > threshold) bad[i] = 1;
    }
    bad = dilate(bad, ngrow);
    lastNgood = ngood;
    ngood = 0;
    for (let i = 0; i < npix; i++) if (!bad[i]) ngood++;
  }
  if (ngood >= minpix) {
    if (o.contrast > 0) slope /= o.contrast;
    const center = Math.trunc((npix - 1) / 2);
    const median =
      npix % 2 === 1
        ? (samples[center] as number)
        : ((samples[npix / 2 - 1] as number) + (samples[npix / 2] as number)) / 2;
    vmin = Math.max(vmin, median - (center - 1) * slope);
    vmax = Math.min(vmax, median + (npix - center) * slope);
  }
  return [vmin, vmax];
}

// Least-squares line through the good samples (x = sample index), as numpy.polyfit(deg=1, w=0/1) fits it.
function fitLine(samples: Float64Array, bad: Uint8Array): { slope: number; intercept: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < samples.length; i++) {
    if (bad[i]) continue;
    n++;
    sx += i;
    sy += samples[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < samples.length; i++) {
    if (bad[i]) continue;
    sxx += (i - mx) ** 2;
    sxy += (i - mx) * ((samples[i] as number) - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

// numpy.convolve(bad, ones(ngrow), mode="same") on booleans: each rejected sample also rejects its neighbours.
function dilate(bad: Uint8Array, ngrow: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bad.length);
  const ahead = Math.trunc((ngrow - 1) / 2);
  const behind = ngrow - 1 - ahead;
  for (let i = 0; i < bad.length; i++) {
    if (!bad[i]) continue;
    // bad[i] reaches outputs j with i in [j - behind, j + ahead], i.e. j in [i - ahead, i + behind]
    const from = Math.max(0, i - ahead);
    const to = Math.min(bad.length - 1, i + behind);
    for (let j = from; j <= to; j++) out[j] = 1;
  }
  return out;
}
