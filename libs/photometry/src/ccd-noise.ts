/**
 * Variance (ADU²) of an aperture flux by the CCD equation (Merline & Howell 1995): source shot noise, and per
 * aperture pixel the sky shot noise and read noise, inflated by the uncertainty of a sky level estimated from
 * `nSky` pixels.
 * @param flux   background-subtracted flux in the aperture, ADU (negative values add no shot noise)
 * @param area   aperture area, pixels
 * @param sky    sky level per pixel, ADU above bias
 * @param nSky   pixels the sky was estimated from
 * @param gain   e⁻/ADU
 * @param readNoise e⁻ per pixel
 */
export function ccdVariance(
  flux: number,
  area: number,
  sky: number,
  nSky: number,
  gain: number,
  readNoise: number,
): number {
  const perPixel = Math.max(0, sky) * gain + readNoise * readNoise;
  const electrons = Math.max(0, flux) * gain + area * (1 + area / Math.max(1, nSky)) * perPixel;
  return electrons / (gain * gain);
}
