/**
 * Linear stretch of values to bytes: `lo` → 0, `hi` → 255, clipped outside, rounded (astropy's
 * LinearStretch after ManualInterval(lo, hi), clip=True, times 255). Writes every `step`-th byte of `out`
 * from `offset`, so three calls fill interleaved RGB.
 */
export function stretchToBytes(
  values: Float32Array,
  limits: readonly [number, number],
  out: Uint8Array,
  offset = 0,
  step = 1,
): void {
  const [lo, hi] = limits;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0, o = offset; i < values.length; i++, o += step) {
    const v = ((values[i] as number) - lo) * scale;
    out[o] = v <= 0 || Number.isNaN(v) ? 0 : v >= 255 ? 255 : Math.round(v);
  }
}
