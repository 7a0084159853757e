import type { Channel } from "./bayer";

/** A source read one row at a time (row 0 first), so a derived image need not be held whole. */
export interface RowSource {
  readonly width: number;
  readonly height: number;
  /** Row `y`: `scratch` (length `width`) filled, or any array of the row's values. */
  row(y: number, scratch: Float32Array): ArrayLike<number>;
}

/** The rows of a channel held in memory. */
export function channelRows(channel: Channel): RowSource {
  const { width, height, values } = channel;
  return { width, height, row: (y) => values.subarray(y * width, (y + 1) * width) };
}

interface Taps {
  /** first source index of each output sample */
  start: Int32Array;
  /** taps of output i are weights[offsets[i] .. offsets[i+1]) over source start[i], start[i]+1, ... */
  offsets: Int32Array;
  weights: Float32Array;
}

// Area-average weights from n source samples to m output samples: output i covers [i·n/m, (i+1)·n/m).
function areaTaps(n: number, m: number): Taps {
  const ratio = n / m;
  const start = new Int32Array(m);
  const offsets = new Int32Array(m + 1);
  const weights: number[] = [];
  for (let i = 0; i < m; i++) {
    const a = i * ratio;
    const b = (i + 1) * ratio;
    const first = Math.floor(a);
    start[i] = first;
    for (let s = first; s < Math.min(n, Math.ceil(b)); s++) {
      weights.push((Math.min(b, s + 1) - Math.max(a, s)) / ratio);
    }
    offsets[i + 1] = weights.length;
  }
  return { start, offsets, weights: Float32Array.from(weights) };
}

/**
 * Resamples a channel to `width × height` by area averaging (each output pixel is the mean of the source area
 * it covers, partial pixels weighted by their covered fraction), as for shrinking: exact for integer factors.
 * When `flip` is set, output row 0 is the source's last row (FITS row 0 is the bottom; image formats start at
 * the top).
 */
export function areaResample(source: Channel, width: number, height: number, flip = false): Channel {
  return areaResampleRows(channelRows(source), width, height, flip);
}

/** areaResample of a source read row by row. */
export function areaResampleRows(source: RowSource, width: number, height: number, flip = false): Channel {
  const sx = areaTaps(source.width, width);
  const sy = areaTaps(source.height, height);
  const rows = new Float32Array(width * source.height);
  const scratch = new Float32Array(source.width);
  for (let y = 0; y < source.height; y++) {
    const src = source.row(y, scratch);
    const out = y * width;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let s = sx.start[x] as number;
      for (let k = sx.offsets[x] as number; k < (sx.offsets[x + 1] as number); k++, s++) {
        sum += (src[s] as number) * (sx.weights[k] as number);
      }
      rows[out + x] = sum;
    }
  }
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const out = (flip ? height - 1 - y : y) * width;
    for (
      let k = sy.offsets[y] as number, s = sy.start[y] as number;
      k < (sy.offsets[y + 1] as number);
      k++, s++
    ) {
      const w = sy.weights[k] as number;
      const row = s * width;
      for (let x = 0; x < width; x++)
        values[out + x] = (values[out + x] as number) + (rows[row + x] as number) * w;
    }
  }
  return { values, width, height };
}

/** The size of a shrunk copy at most `maxWidth` wide with the aspect ratio kept (never enlarged), in pixels. */
export function fitWidth(width: number, height: number, maxWidth: number): { width: number; height: number } {
  if (width <= maxWidth) return { width, height };
  return { width: maxWidth, height: Math.max(1, Math.round((height * maxWidth) / width)) };
}
