/** Length of cfitsio's table of uniform random numbers used for subtractive dithering. */
export const N_RANDOM = 10000;

/** Null marker SUBTRACTIVE_DITHER_2 uses for pixels that were exactly zero. */
const ZERO_VALUE = -2147483646;

/** How a float tile was quantized (ZQUANTIZ). */
export type QuantizeMethod = "NO_DITHER" | "SUBTRACTIVE_DITHER_1" | "SUBTRACTIVE_DITHER_2";

/**
 * cfitsio's `fits_init_randoms`: 10000 float32 values of the Park-Miller generator (a = 16807,
 * m = 2^31 - 1, seed 1). Computed per call (about 50 µs) so that the module keeps no state.
 */
export function ditherRandoms(): Float32Array {
  const values = new Float32Array(N_RANDOM);
  const a = 16807;
  const m = 2147483647;
  let seed = 1;
  for (let i = 0; i < N_RANDOM; i++) {
    const temp = a * seed;
    seed = temp - m * Math.trunc(temp / m);
    values[i] = seed / m;
  }
  return values;
}

/**
 * Restore the floats of one quantized tile as cfitsio's unquantize_i4r4/i4r8 do: value × ZSCALE +
 * ZZERO, after subtracting the dither offset for SUBTRACTIVE_DITHER_1/2. `tile` is the 1-based tile
 * number, `zdither0` the ZDITHER0 seed; pixels equal to `blank` (ZBLANK) become NaN. Writes `out`.
 */
export function unquantizeTile(
  input: ArrayLike<number>,
  count: number,
  out: Float64Array,
  options: {
    method: QuantizeMethod;
    scale: number;
    zero: number;
    blank: number | undefined;
    tile: number;
    zdither0: number;
    randoms: Float32Array;
  },
): void {
  const { method, scale, zero, blank, randoms } = options;
  if (method === "NO_DITHER") {
    for (let i = 0; i < count; i++) {
      const v = input[i] as number;
      out[i] = v === blank ? NaN : v * scale + zero;
    }
    return;
  }
  let iseed = (((options.tile + options.zdither0 - 2) % N_RANDOM) + N_RANDOM) % N_RANDOM;
  let next = Math.trunc((randoms[iseed] as number) * 500);
  const dither2 = method === "SUBTRACTIVE_DITHER_2";
  for (let i = 0; i < count; i++) {
    const v = input[i] as number;
    if (v === blank) out[i] = NaN;
    else if (dither2 && v === ZERO_VALUE) out[i] = 0;
    else out[i] = (v - (randoms[next] as number) + 0.5) * scale + zero;
    next++;
    if (next === N_RANDOM) {
      iseed++;
      if (iseed === N_RANDOM) iseed = 0;
      next = Math.trunc((randoms[iseed] as number) * 500);
    }
  }
}
