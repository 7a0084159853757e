import type { BayerPattern, Mosaic } from "@panoptes/cr2";
import { Cr2FitsInputError } from "./errors";

/** Colour channels of the RGB products. */
export const CHANNELS = ["r", "g", "b"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Interpolations of the RGB products (`@panoptes/cr2` debayerBilinear / debayerHalf, one plane at a time). */
export const INTERPOLATIONS = ["bilinear", "half"] as const;
export type Interpolation = (typeof INTERPOLATIONS)[number];

const CHANNEL_INDEX: Record<Channel, number> = { r: 0, g: 1, b: 2 };

/** Colour index (0 R, 1 G, 2 B) of the 4 cells of a pattern, indexed by (y & 1) * 2 + (x & 1). */
function cells(pattern: BayerPattern): number[] {
  return pattern.split("").map((ch) => (ch === "R" ? 0 : ch === "G" ? 1 : 2));
}

// How a pixel of an interior cell gets the channel: its own value, or the mean of its horizontal, vertical,
// 4 edge or 4 diagonal neighbours.
const OWN = 0;
const HORIZ = 1;
const VERT = 2;
const ORTHO = 3;
const DIAG = 4;

/** Plane size of an interpolation for a mosaic: full size for bilinear, floor(w/2) × floor(h/2) for half. */
export function planeSize(mosaic: Mosaic, interpolation: Interpolation): { width: number; height: number } {
  if (interpolation === "bilinear") return { width: mosaic.width, height: mosaic.height };
  if (interpolation === "half") return { width: mosaic.width >> 1, height: mosaic.height >> 1 };
  throw new Cr2FitsInputError(
    `interpolation must be one of ${INTERPOLATIONS.join(", ")}, received ${String(interpolation)}`,
  );
}

/**
 * Calls `emit(y, row)` for each row of one colour plane of the mosaic, top (sensor row 0) to bottom, with the
 * values `@panoptes/cr2` debayerBilinear / debayerHalf give for that channel (linear, float32-exact means of
 * raw values, no black subtraction). `row` is reused between calls. One plane at a time keeps a bilinear
 * conversion of an 18 MP frame within one float32 row instead of three full planes (217 MB).
 */
export function forEachChannelRow(
  mosaic: Mosaic,
  pattern: BayerPattern,
  channel: Channel,
  interpolation: Interpolation,
  emit: (y: number, row: Float32Array) => void,
): void {
  const { width, height } = planeSize(mosaic, interpolation);
  if (width < 1 || height < 1 || mosaic.data.length !== mosaic.width * mosaic.height) {
    throw new Cr2FitsInputError(
      `mosaic must be at least 2x2 with width*height values, received ${mosaic.width}x${mosaic.height} ` +
        `holding ${mosaic.data.length}`,
    );
  }
  const k = CHANNEL_INDEX[channel];
  if (k === undefined) {
    throw new Cr2FitsInputError(`channel must be one of ${CHANNELS.join(", ")}, received ${String(channel)}`);
  }
  const c = cells(pattern);
  const row = new Float32Array(width);
  if (interpolation === "half") halfRows(mosaic, c, k, row, emit);
  else bilinearRows(mosaic, c, k, row, emit);
}

function halfRows(
  mosaic: Mosaic,
  c: number[],
  k: number,
  row: Float32Array,
  emit: (y: number, row: Float32Array) => void,
): void {
  const { width: w, data } = mosaic;
  const offs = [0, 1, w, w + 1];
  const mine = offs.filter((_, i) => c[i] === k);
  const o1 = mine[0] ?? 0;
  const o2 = mine[1] ?? o1;
  const hw = w >> 1;
  const hh = mosaic.height >> 1;
  for (let y = 0; y < hh; y++) {
    let src = 2 * y * w;
    for (let x = 0; x < hw; x++, src += 2) row[x] = ((data[src + o1] ?? 0) + (data[src + o2] ?? 0)) / 2;
    emit(y, row);
  }
}

function bilinearRows(
  mosaic: Mosaic,
  c: number[],
  k: number,
  row: Float32Array,
  emit: (y: number, row: Float32Array) => void,
): void {
  const { width: w, height: h, data } = mosaic;
  // mode[(y & 1) * 2 + (x & 1)] for interior pixels
  const mode = [0, 1, 2, 3].map((i) => {
    const own = c[i];
    if (own === k) return OWN;
    if (own === 1) return c[(i & 2) + (1 - (i & 1))] === k ? HORIZ : VERT;
    return k === 1 ? ORTHO : DIAG;
  });
  for (let y = 0; y < h; y++) {
    const base = y * w;
    if (y === 0 || y === h - 1 || w < 3) {
      for (let x = 0; x < w; x++) row[x] = borderMean(mosaic, c, k, x, y);
    } else {
      row[0] = borderMean(mosaic, c, k, 0, y);
      row[w - 1] = borderMean(mosaic, c, k, w - 1, y);
      // Even and odd columns separately: one mode per loop keeps the branch out of the per-pixel path.
      fillInterior(row, data, base, w, 2, mode[(y & 1) * 2] as number);
      fillInterior(row, data, base, w, 1, mode[(y & 1) * 2 + 1] as number);
    }
    emit(y, row);
  }
}

/** Interior columns x = start, start + 2, ... < w - 1 of one row, all of one interpolation mode. */
function fillInterior(
  row: Float32Array,
  data: Uint16Array,
  base: number,
  w: number,
  start: number,
  m: number,
): void {
  const end = base + w - 1;
  let x = start;
  switch (m) {
    case OWN:
      for (let i = base + start; i < end; i += 2, x += 2) row[x] = data[i] as number;
      break;
    case HORIZ:
      for (let i = base + start; i < end; i += 2, x += 2) {
        row[x] = ((data[i - 1] as number) + (data[i + 1] as number)) / 2;
      }
      break;
    case VERT:
      for (let i = base + start; i < end; i += 2, x += 2) {
        row[x] = ((data[i - w] as number) + (data[i + w] as number)) / 2;
      }
      break;
    case ORTHO:
      for (let i = base + start; i < end; i += 2, x += 2) {
        row[x] =
          ((data[i - w] as number) +
            (data[i + w] as number) +
            (data[i - 1] as number) +
            (data[i + 1] as number)) /
          4;
      }
      break;
    default:
      for (let i = base + start; i < end; i += 2, x += 2) {
        row[x] =
          ((data[i - w - 1] as number) +
            (data[i - w + 1] as number) +
            (data[i + w - 1] as number) +
            (data[i + w + 1] as number)) /
          4;
      }
  }
}

/** The border rule of debayerBilinear: own value, else the mean of the in-image 3×3 neighbours of colour k. */
function borderMean(mosaic: Mosaic, c: number[], k: number, x: number, y: number): number {
  const { width: w, height: h, data } = mosaic;
  if (c[(y & 1) * 2 + (x & 1)] === k) return data[y * w + x] as number;
  let sum = 0;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= h) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if (xx < 0 || xx >= w || c[(yy & 1) * 2 + (xx & 1)] !== k) continue;
      sum += data[yy * w + xx] as number;
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}
