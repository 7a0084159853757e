import { DebayerInputError } from "./errors";

/** 2×2 colour filter layouts, read left to right, top to bottom. Canon CR2 (CR2CFAPattern "0 1 1 2") is RGGB. */
export const BAYER_PATTERNS = ["RGGB", "BGGR", "GRBG", "GBRG"] as const;
export type BayerPattern = (typeof BAYER_PATTERNS)[number];

/** A raw mosaic: row-major values, `data[y * width + x]`. */
export interface Mosaic {
  width: number;
  height: number;
  data: Uint16Array;
}

/** Three linear colour planes of equal size, row-major, float32 (exact for the means of integer raw values). */
export interface RgbPlanes {
  width: number;
  height: number;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
}

/** Colour index (0 R, 1 G, 2 B) of each of the 4 cells of a pattern, indexed by (y & 1) * 2 + (x & 1). */
function cells(pattern: BayerPattern): Int8Array {
  if (!BAYER_PATTERNS.includes(pattern)) {
    throw new DebayerInputError(
      `Bayer pattern must be one of ${BAYER_PATTERNS.join(", ")}, received ${String(pattern)}`,
    );
  }
  return Int8Array.from(pattern.split("").map((ch) => (ch === "R" ? 0 : ch === "G" ? 1 : 2)));
}

function checkMosaic(m: Mosaic, min: number): void {
  if (!(Number.isInteger(m.width) && Number.isInteger(m.height) && m.width >= min && m.height >= min)) {
    throw new DebayerInputError(
      `mosaic must be at least ${min}x${min} pixels, received ${m.width}x${m.height}`,
    );
  }
  if (m.data.length !== m.width * m.height) {
    throw new DebayerInputError(
      `mosaic data must hold width*height = ${m.width * m.height} values, received ${m.data.length}`,
    );
  }
}

/**
 * Half-size debayer (rawpy/LibRaw `half_size`): each 2×2 cell becomes one pixel with its R value, the mean
 * of its two G values and its B value. Output is floor(width/2) × floor(height/2); an odd last row or column
 * is dropped. Linear: no black subtraction, scaling, gamma or colour matrix. Green may end in .5, hence
 * float32 planes (exact).
 */
export function debayerHalf(mosaic: Mosaic, pattern: BayerPattern = "RGGB"): RgbPlanes {
  checkMosaic(mosaic, 2);
  const c = cells(pattern);
  const { width: w, data } = mosaic;
  const hw = w >> 1;
  const hh = mosaic.height >> 1;
  const r = new Float32Array(hw * hh);
  const g = new Float32Array(hw * hh);
  const b = new Float32Array(hw * hh);
  // offsets of R, B and the two Gs inside a 2×2 cell
  const offs = [0, 1, w, w + 1];
  let rOff = 0;
  let bOff = 0;
  const gOffs: number[] = [];
  for (let k = 0; k < 4; k++) {
    const o = offs[k] ?? 0;
    if (c[k] === 0) rOff = o;
    else if (c[k] === 2) bOff = o;
    else gOffs.push(o);
  }
  const g1 = gOffs[0] ?? 0;
  const g2 = gOffs[1] ?? 0;
  for (let y = 0; y < hh; y++) {
    let src = 2 * y * w;
    let dst = y * hw;
    for (let x = 0; x < hw; x++, src += 2, dst++) {
      r[dst] = data[src + rOff] ?? 0;
      b[dst] = data[src + bOff] ?? 0;
      g[dst] = ((data[src + g1] ?? 0) + (data[src + g2] ?? 0)) / 2;
    }
  }
  return { width: hw, height: hh, r, g, b };
}

/**
 * Full-resolution bilinear debayer. Each pixel keeps its own colour; a missing colour is the mean of the
 * nearest pixels of that colour in its 3×3 neighbourhood: at R (B) sites, G = mean of the 4 edge neighbours
 * and B (R) = mean of the 4 diagonal neighbours; at G sites, the colour of the row = mean of left and right,
 * the other = mean of above and below. Border rule: neighbours outside the image are left out of the mean
 * (never mirrored or zero-filled), so edge pixels average the 1-3 neighbours that exist. Linear, float32.
 */
export function debayerBilinear(mosaic: Mosaic, pattern: BayerPattern = "RGGB"): RgbPlanes {
  checkMosaic(mosaic, 2);
  const c = cells(pattern);
  const { width: w, height: h, data } = mosaic;
  const n = w * h;
  const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
  const [r, g, b] = planes;

  // Interior: all 8 neighbours exist.
  for (let y = 1; y < h - 1; y++) {
    const py = (y & 1) * 2;
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v = data[i] ?? 0;
      const col = c[py + (x & 1)];
      const up = data[i - w] ?? 0;
      const down = data[i + w] ?? 0;
      const left = data[i - 1] ?? 0;
      const right = data[i + 1] ?? 0;
      if (col === 1) {
        const horiz = (left + right) / 2;
        const vert = (up + down) / 2;
        g[i] = v;
        if (c[py + ((x + 1) & 1)] === 0) {
          r[i] = horiz;
          b[i] = vert;
        } else {
          b[i] = horiz;
          r[i] = vert;
        }
      } else {
        const ortho = (up + down + left + right) / 4;
        const diag =
          ((data[i - w - 1] ?? 0) +
            (data[i - w + 1] ?? 0) +
            (data[i + w - 1] ?? 0) +
            (data[i + w + 1] ?? 0)) /
          4;
        g[i] = ortho;
        if (col === 0) {
          r[i] = v;
          b[i] = diag;
        } else {
          b[i] = v;
          r[i] = diag;
        }
      }
    }
  }

  // Border pixels: mean over the in-image 3×3 neighbours of each colour, which for a Bayer layout equals the
  // rule above restricted to existing neighbours.
  const sums = new Float64Array(3);
  const counts = new Int32Array(3);
  const border = (x: number, y: number): void => {
    const i = y * w + x;
    const own = c[(y & 1) * 2 + (x & 1)] ?? 0;
    sums.fill(0);
    counts.fill(0);
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= h) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= w || (dx === 0 && dy === 0)) continue;
        const cc = c[(yy & 1) * 2 + (xx & 1)] ?? 0;
        if (cc === own) continue; // diagonal greens around a green site are not used
        sums[cc] = (sums[cc] ?? 0) + (data[yy * w + xx] ?? 0);
        counts[cc] = (counts[cc] ?? 0) + 1;
      }
    }
    for (let k = 0; k < 3; k++) {
      const plane = planes[k as 0 | 1 | 2];
      plane[i] = k === own ? (data[i] ?? 0) : (sums[k] ?? 0) / (counts[k] || 1);
    }
  };
  for (let x = 0; x < w; x++) {
    border(x, 0);
    border(x, h - 1);
  }
  for (let y = 1; y < h - 1; y++) {
    border(0, y);
    border(w - 1, y);
  }
  return { width: w, height: h, r, g, b };
}
