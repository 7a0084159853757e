/** The k-th smallest value of `values` (0-based), reordering the array in place (quickselect). */
export function selectKth(values: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}

/** Median of `values` (reorders the array). NaN when empty. */
export function median(values: Float32Array | Float64Array): number {
  if (values.length === 0) return NaN;
  return selectKth(values, values.length >> 1);
}

/**
 * A robust location and Gaussian-equivalent scale: median and 1.4826 × MAD, then once more over the
 * values within 3 σ (so stars in the sample do not bias the sky). Reorders `values`.
 */
export function clippedMedianSigma(values: Float32Array): { median: number; sigma: number } {
  const m0 = median(values);
  const dev = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs((values[i] as number) - m0);
  const s0 = 1.4826 * median(dev);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Math.abs(v - m0) <= 3 * s0) dev[n++] = v;
  }
  const kept = dev.subarray(0, n);
  const m1 = n > 0 ? median(kept) : m0;
  for (let i = 0; i < n; i++) kept[i] = Math.abs((kept[i] as number) - m1);
  const s1 = n > 0 ? 1.4826 * median(kept) : s0;
  return { median: m1, sigma: s1 };
}
