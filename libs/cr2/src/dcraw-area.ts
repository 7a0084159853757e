import type { Mosaic } from "./debayer";

/** A rectangle of a raw frame, in pixels. */
export interface RawArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * dcraw 9.28's crop of Canon raw frames, keyed by full raw size: [rawWidth, rawHeight, leftMargin, topMargin,
 * widthDecrease, heightDecrease]. Only the sizes of cameras this project meets; dcraw applies it to
 * any Canon file of that size whatever the model.
 */
const DCRAW_CANON_CROPS: readonly (readonly [number, number, number, number, number, number])[] = [
  [3516, 2328, 42, 14, 0, 0], // EOS 350D
  [5280, 3528, 72, 52, 0, 0], // EOS 100D, 650D, 700D, M
  [5344, 3516, 142, 51, 0, 0], // EOS 550D, 600D, 60D, 1200D
  [5712, 3774, 62, 20, 10, 2], // EOS-1Ds Mark III
];

/**
 * The part of a Canon raw frame that `dcraw -D` writes: the frame minus the masked borders dcraw's camera table
 * gives for this raw size; the whole frame for sizes not in the table (as dcraw does).
 */
export function dcrawVisibleArea(rawWidth: number, rawHeight: number): RawArea {
  const row = DCRAW_CANON_CROPS.find(([w, h]) => w === rawWidth && h === rawHeight);
  if (!row) return { left: 0, top: 0, width: rawWidth, height: rawHeight };
  const [, , left, top, dw, dh] = row;
  return { left, top, width: rawWidth - left - dw, height: rawHeight - top - dh };
}

/** Copies a rectangle of a mosaic into a new mosaic (the area must lie inside the frame). */
export function cropMosaic(mosaic: Mosaic, area: RawArea): Mosaic {
  const { left, top, width, height } = area;
  if (left < 0 || top < 0 || left + width > mosaic.width || top + height > mosaic.height) {
    throw new RangeError(
      `crop ${width}x${height}+${left}+${top} does not fit in the ${mosaic.width}x${mosaic.height} frame`,
    );
  }
  const data = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (top + y) * mosaic.width + left;
    data.set(mosaic.data.subarray(from, from + width), y * width);
  }
  return { width, height, data };
}
