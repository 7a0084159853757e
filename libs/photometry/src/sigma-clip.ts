/** Median of a sorted array. */
function sortedMedian(sorted: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const m = n >> 1;
  return n % 2 ? sorted[m]! : 0.5 * (sorted[m - 1]! + sorted[m]!);
}

/** Median of any numbers (NaN for none). */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  return sortedMedian(sorted, sorted.length);
}

/** Robust statistics after iterative sigma clipping. */
export interface ClippedStats {
  mean: number;
  median: number;
  /** population standard deviation of the kept values */
  std: number;
  /** values kept */
  n: number;
}

/**
 * Sigma-clipped mean, median and standard deviation, as astropy's `sigma_clipped_stats(values, sigma, maxiters)`
 * with its defaults (centre: median, spread: standard deviation, clipping both sides, stop when nothing changes).
 */
export function sigmaClippedStats(values: ArrayLike<number>, sigma = 3, maxiters = 5): ClippedStats {
  // Sorted once: each clip keeps a contiguous run [lo, hi] of it, found by binary search (no copies).
  let kept = Float64Array.from(values)
    .filter((v) => Number.isFinite(v))
    .sort();
  for (let iter = 0; iter < maxiters && kept.length > 0; iter++) {
    const centre = sortedMedian(kept, kept.length);
    const std = stdOf(kept);
    const first = firstAtLeast(kept, centre - sigma * std);
    const end = firstAbove(kept, centre + sigma * std);
    if (end - first === kept.length) break;
    kept = kept.subarray(first, end);
  }
  const n = kept.length;
  return { mean: meanOf(kept), median: sortedMedian(kept, n), std: stdOf(kept), n };
}

/** Index of the first value >= x in a sorted array (its length when none). */
function firstAtLeast(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first value > x in a sorted array (its length when none). */
function firstAbove(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function meanOf(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return v.length ? s / v.length : NaN;
}

function stdOf(v: Float64Array): number {
  const m = meanOf(v);
  let s = 0;
  for (const x of v) s += (x - m) ** 2;
  return v.length ? Math.sqrt(s / v.length) : NaN;
}
