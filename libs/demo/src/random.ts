/**
 * The one pseudo-random generator of generated data (tests, benchmarks, the demo): seeded, so a run can be
 * repeated exactly, and the same sequence on every platform.
 */

/** A small deterministic pseudo-random generator (mulberry32): values in [0, 1), the same for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from text (a 31-multiplier string hash from `start`), so generated data can be keyed by an id. */
export function seedFromText(text: string, start = 7): number {
  return [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, start >>> 0);
}

/**
 * Zero-mean noise of nearly normal shape with standard deviation `sigma`: the centred sum of four uniform draws
 * (Irwin-Hall), scaled. Bounded at ±2·√3·sigma, which is what pixel noise in a generated frame wants.
 */
export function noiseSample(random: () => number, sigma: number): number {
  return (random() + random() + random() + random() - 2) * sigma * Math.sqrt(3);
}

/** `width × height` values drawn uniformly from the integers `min` ≤ v < `max` (worst case for Huffman coding). */
export function uniformMosaic(
  width: number,
  height: number,
  min: number,
  max: number,
  seed: number,
): Uint16Array {
  const random = seededRandom(seed);
  const out = new Uint16Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = min + Math.floor(random() * (max - min));
  return out;
}

/** A standard normal draw (Box-Muller), for noise that must be Gaussian in its tails too (photon statistics). */
export function gaussianSample(random: () => number): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
