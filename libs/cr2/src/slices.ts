import { SliceLayoutError } from "./errors";

/**
 * CR2 slice layout (tag 0xC640, `[count, width, lastWidth]`): the decoded lossless-JPEG sample stream fills
 * `count` vertical slices of `width` columns, then one of `lastWidth` columns, each slice top to bottom, row
 * by row. `null` or a zero count means no slicing (the stream fills the raw image row by row).
 */
export type Cr2Slices = readonly [number, number, number] | null;

/** Checks that a slice layout covers exactly `rawWidth` columns. */
export function validateSlices(slices: Cr2Slices, rawWidth: number): void {
  if (!slices || slices[0] === 0) return;
  const [n, w, last] = slices;
  if (w <= 0 || last <= 0 || n * w + last !== rawWidth) {
    throw new SliceLayoutError(
      `CR2 slices [${n}, ${w}, ${last}] must cover the raw width ${rawWidth} (count*width + lastWidth), they cover ${n * w + last}`,
    );
  }
}

/**
 * Writes a lossless-JPEG sample stream, in the order it is decoded, into a row-major raw mosaic following a
 * slice layout. Copies contiguous runs (no per-sample work).
 */
export class SliceWriter {
  private k = 0;
  private readonly sliceArea: number;

  constructor(
    private readonly out: Uint16Array,
    private readonly rawWidth: number,
    private readonly rawHeight: number,
    private readonly slices: Cr2Slices,
  ) {
    validateSlices(slices, rawWidth);
    this.sliceArea = slices && slices[0] !== 0 ? slices[1] * rawHeight : 0;
  }

  /** Appends the next `samples` of the stream. Samples beyond the raw image are dropped, as dcraw does. */
  write(samples: Uint16Array): void {
    const total = this.rawWidth * this.rawHeight;
    let a = 0;
    while (a < samples.length && this.k < total) {
      let dest: number;
      let run: number;
      if (this.sliceArea === 0 || !this.slices) {
        dest = this.k;
        run = Math.min(samples.length - a, total - this.k);
      } else {
        const [n, w, last] = this.slices;
        let i = Math.floor(this.k / this.sliceArea);
        if (i > n) i = n;
        const sw = i === n ? last : w;
        const r = this.k - i * this.sliceArea;
        const row = Math.floor(r / sw);
        const col = r - row * sw;
        dest = row * this.rawWidth + i * w + col;
        run = Math.min(samples.length - a, sw - col);
      }
      this.out.set(samples.subarray(a, a + run), dest);
      a += run;
      this.k += run;
    }
  }

  /** Number of stream samples written so far. */
  get written(): number {
    return this.k;
  }
}

/**
 * Reorders a row-major raw mosaic into the sample stream order of a slice layout (the inverse of SliceWriter):
 * what a camera feeds its lossless-JPEG encoder.
 */
export function mosaicToSliceStream(
  mosaic: Uint16Array,
  rawWidth: number,
  rawHeight: number,
  slices: Cr2Slices,
): Uint16Array {
  validateSlices(slices, rawWidth);
  if (!slices || slices[0] === 0) return mosaic.slice();
  const [n, w, last] = slices;
  const out = new Uint16Array(rawWidth * rawHeight);
  let k = 0;
  for (let i = 0; i <= n; i++) {
    const sw = i === n ? last : w;
    for (let row = 0; row < rawHeight; row++) {
      const from = row * rawWidth + i * w;
      out.set(mosaic.subarray(from, from + sw), k);
      k += sw;
    }
  }
  return out;
}
