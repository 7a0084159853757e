/** One colour channel: `width × height` values, row-major, row 0 first (FITS order: row 0 is the bottom). */
export interface Channel {
  readonly values: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** The 2×2 colour-filter patterns of DSLR sensors, named from pixel (0, 0) along the first row, then the second. */
export const BAYER_PATTERNS = ["RGGB", "BGGR", "GRBG", "GBRG"] as const;
export type BayerPattern = (typeof BAYER_PATTERNS)[number];

/** Raw Bayer pixels as stored, with the affine scaling (physical = raw × bscale + bzero) applied per output value. */
export interface BayerFrame {
  readonly raw: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
  readonly pattern: BayerPattern;
  readonly bscale?: number;
  readonly bzero?: number;
}

/**
 * A 2×2 superpixel debayer: each 2×2 cell becomes one colour pixel (R, mean of the two G, B), so the result is
 * half the width and height (odd last row or column dropped) with no interpolation. Values are physical
 * (BSCALE/BZERO applied).
 */
export function superpixel(frame: BayerFrame): { r: Channel; g: Channel; b: Channel } {
  const { raw, width, pattern } = frame;
  const scale = frame.bscale ?? 1;
  const zero = frame.bzero ?? 0;
  const w = Math.floor(width / 2);
  const h = Math.floor(frame.height / 2);
  const r = new Float32Array(w * h);
  const g = new Float32Array(w * h);
  const b = new Float32Array(w * h);
  // Offsets of R, the two G and B inside a cell: 0 = (0,0), 1 = (1,0), 2 = (0,1), 3 = (1,1).
  const at = (c: string): number[] => [...pattern].flatMap((p, i) => (p === c ? [i] : []));
  const offset = (i: number): number => (i & 1) + (i >> 1) * width;
  const ro = offset(at("R")[0] as number);
  const bo = offset(at("B")[0] as number);
  const [ga, gb] = at("G").map(offset) as [number, number];
  for (let y = 0; y < h; y++) {
    let cell = 2 * y * width;
    let o = y * w;
    for (let x = 0; x < w; x++, cell += 2, o++) {
      r[o] = (raw[cell + ro] as number) * scale + zero;
      g[o] = (((raw[cell + ga] as number) + (raw[cell + gb] as number)) / 2) * scale + zero;
      b[o] = (raw[cell + bo] as number) * scale + zero;
    }
  }
  return {
    r: { values: r, width: w, height: h },
    g: { values: g, width: w, height: h },
    b: { values: b, width: w, height: h },
  };
}

/** The Bayer pattern a header names (BAYERPAT, else a FILTER that is a 2×2 pattern such as PANOPTES' 'RGGB'), or null. */
export function bayerPatternOf(header: {
  getString(keyword: string): string | undefined;
}): BayerPattern | null {
  for (const keyword of ["BAYERPAT", "FILTER"]) {
    const value = header.getString(keyword)?.trim().toUpperCase();
    if (value && (BAYER_PATTERNS as readonly string[]).includes(value)) return value as BayerPattern;
  }
  return null;
}

/** One colour of a Bayer frame's 2×2 superpixels, read row by row, plus single values (for zscale sampling). */
export interface SuperpixelRows {
  readonly width: number;
  readonly height: number;
  row(y: number, scratch: Float32Array): Float32Array;
  /** the value of superpixel `index` (row-major) */
  at(index: number): number;
}

/**
 * The superpixel values of one colour, computed from the raw frame as they are read: the same values as
 * superpixel(frame)[colour], without holding three half-size images.
 */
export function superpixelRows(frame: BayerFrame, colour: "r" | "g" | "b"): SuperpixelRows {
  const { raw, width, pattern } = frame;
  const scale = frame.bscale ?? 1;
  const zero = frame.bzero ?? 0;
  const w = Math.floor(width / 2);
  const h = Math.floor(frame.height / 2);
  const cells = [...pattern].flatMap((p, i) =>
    p === colour.toUpperCase() ? [(i & 1) + (i >> 1) * width] : [],
  );
  const a = cells[0] as number;
  const b = (cells[1] ?? a) as number;
  const at = (index: number): number => {
    const cell = 2 * Math.floor(index / w) * width + 2 * (index % w);
    return (((raw[cell + a] as number) + (raw[cell + b] as number)) / 2) * scale + zero;
  };
  return {
    width: w,
    height: h,
    at,
    row(y, scratch) {
      let cell = 2 * y * width;
      for (let x = 0; x < w; x++, cell += 2) {
        scratch[x] = (((raw[cell + a] as number) + (raw[cell + b] as number)) / 2) * scale + zero;
      }
      return scratch;
    },
  };
}
