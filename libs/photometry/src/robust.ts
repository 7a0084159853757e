import { median } from "./sigma-clip";

/** Robust standard deviation: 1.4826 × the median absolute deviation of the finite values (NaN for < 3). */
export function robustStd(values: ArrayLike<number>): number {
  const finite = Array.from(values).filter(Number.isFinite);
  if (finite.length < 3) return NaN;
  const m = median(finite);
  return 1.4826 * median(finite.map((v) => Math.abs(v - m)));
}

/** Median of the finite values (NaN for none). */
export function finiteMedian(values: ArrayLike<number>): number {
  return median(Array.from(values).filter(Number.isFinite));
}
