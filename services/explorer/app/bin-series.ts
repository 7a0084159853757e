/**
 * A lightcurve channel laid out for one uPlot chart: the points and, between them, the means of fixed time bins
 * (the binned overlay), on one shared x axis (unix seconds; uPlot wants every series on the same x values).
 */
export interface BinnedLayout {
  x: number[];
  /** the points (null at bin centres) and their 1σ errors */
  y: Array<number | null>;
  err: Array<number | null>;
  /** bin means at bin centres (null at the points) */
  binned: Array<number | null>;
}

/**
 * Lays out `y` (at times `x`, unix seconds, ascending) with bins of `binSeconds` counted from the first point: each
 * bin with at least `minPoints` finite values gets its mean at the mean time of its points. Pure.
 */
export function binnedLayout(
  x: readonly number[],
  y: ReadonlyArray<number | null>,
  err: ReadonlyArray<number | null>,
  binSeconds: number,
  minPoints = 2,
): BinnedLayout {
  const start = x[0] ?? 0;
  const bins = new Map<number, { t: number; v: number; n: number }>();
  x.forEach((t, i) => {
    const v = y[i];
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    const k = Math.floor((t - start) / binSeconds);
    const b = bins.get(k) ?? bins.set(k, { t: 0, v: 0, n: 0 }).get(k)!;
    b.t += t;
    b.v += v;
    b.n += 1;
  });
  const rows: Array<{ x: number; y: number | null; err: number | null; binned: number | null }> = x.map(
    (t, i) => ({
      x: t,
      y: y[i] ?? null,
      err: err[i] ?? null,
      binned: null,
    }),
  );
  for (const b of bins.values())
    if (b.n >= minPoints) rows.push({ x: b.t / b.n, y: null, err: null, binned: b.v / b.n });
  rows.sort((a, b) => a.x - b.x);
  return {
    x: rows.map((r) => r.x),
    y: rows.map((r) => r.y),
    err: rows.map((r) => r.err),
    binned: rows.map((r) => r.binned),
  };
}
