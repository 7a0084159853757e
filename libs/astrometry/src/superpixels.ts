/** A single-channel image: `width × height` values, row by row (x fastest). */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * 2×2 superpixels of an RGGB (Bayer) mosaic: each output value is the sum of one R, two G and one B
 * photosite, so every star is measured in all colours and the colour pattern disappears. Output is
 * floor(width/2) × floor(height/2); superpixel (i, j) covers stored pixels x = 2i, 2i+1 and y = 2j, 2j+1
 * (0-based), so its centre is stored pixel (2i + 0.5, 2j + 0.5), i.e. FITS 1-based (2i + 1.5, 2j + 1.5).
 */
export function superpixels(pixels: ArrayLike<number>, width: number, height: number): Plane {
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  const data = new Float32Array(w * h);
  for (let j = 0; j < h; j++) {
    const top = 2 * j * width;
    const bottom = top + width;
    const row = j * w;
    for (let i = 0; i < w; i++) {
      const x = 2 * i;
      data[row + i] =
        (pixels[top + x] as number) +
        (pixels[top + x + 1] as number) +
        (pixels[bottom + x] as number) +
        (pixels[bottom + x + 1] as number);
    }
  }
  return { width: w, height: h, data };
}

/** Superpixel coordinates (0-based, centre of the first superpixel at 0) → FITS 1-based pixels of the stored image. */
export function superpixelToStored(coordinate: number): number {
  return 2 * coordinate + 1.5;
}
