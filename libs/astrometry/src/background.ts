import { clippedMedianSigma, median } from "./statistics";
import type { Plane } from "./superpixels";

/** The sky under a plane: a smooth background map and the pixel noise, both in the plane's units. */
export interface Background {
  /** Background per pixel of the plane. */
  readonly level: Float32Array;
  /** Noise (standard deviation) of one pixel, the median over the mesh cells. */
  readonly sigma: number;
}

/**
 * Background and noise of a plane, as SExtractor estimates them: a mesh of `cell × cell` pixels, a
 * sigma-clipped median and MAD-based σ in each cell, a 3×3 median filter over the mesh (so a bright
 * star cannot pull its cell up), and bilinear interpolation between cell centres.
 */
export function estimateBackground(plane: Plane, cell = 32): Background {
  const { width, height, data } = plane;
  const nx = Math.max(1, Math.round(width / cell));
  const ny = Math.max(1, Math.round(height / cell));
  const grid = new Float32Array(nx * ny);
  const sigmas = new Float32Array(nx * ny);
  for (let gy = 0; gy < ny; gy++) {
    const y0 = Math.floor((gy * height) / ny);
    const y1 = Math.floor(((gy + 1) * height) / ny);
    for (let gx = 0; gx < nx; gx++) {
      const x0 = Math.floor((gx * width) / nx);
      const x1 = Math.floor(((gx + 1) * width) / nx);
      const sample = new Float32Array((x1 - x0) * (y1 - y0));
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sample[n++] = data[y * width + x] as number;
      const { median: m, sigma } = clippedMedianSigma(sample.subarray(0, n));
      grid[gy * nx + gx] = m;
      sigmas[gy * nx + gx] = sigma;
    }
  }
  const filtered = medianFilter3(grid, nx, ny);
  const level = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gyf = Math.min(Math.max((y + 0.5) / (height / ny) - 0.5, 0), ny - 1);
    const gy0 = Math.floor(gyf);
    const gy1 = Math.min(gy0 + 1, ny - 1);
    const fy = gyf - gy0;
    for (let x = 0; x < width; x++) {
      const gxf = Math.min(Math.max((x + 0.5) / (width / nx) - 0.5, 0), nx - 1);
      const gx0 = Math.floor(gxf);
      const gx1 = Math.min(gx0 + 1, nx - 1);
      const fx = gxf - gx0;
      const a = filtered[gy0 * nx + gx0] as number;
      const b = filtered[gy0 * nx + gx1] as number;
      const c = filtered[gy1 * nx + gx0] as number;
      const d = filtered[gy1 * nx + gx1] as number;
      level[y * width + x] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }
  }
  return { level, sigma: median(sigmas) };
}

function medianFilter3(grid: Float32Array, nx: number, ny: number): Float32Array {
  const out = new Float32Array(grid.length);
  const window = new Float32Array(9);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < ny && xx >= 0 && xx < nx) window[n++] = grid[yy * nx + xx] as number;
        }
      }
      out[y * nx + x] = median(window.subarray(0, n));
    }
  }
  return out;
}
