import { type Projection, projection, type WcsKeywords } from "@panoptes/astrometry";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { INSTALL_HINT } from "@panoptes/astrometry";

/** Fails with the install command when Debian's solve-field or its Tycho-2 index files are missing. */
export function requireSolver(): void {
  const r = spawnSync("solve-field", ["--help"], { encoding: "utf8" });
  if (r.error) throw new Error(`solve-field is not installed: ${INSTALL_HINT}`);
  if (!fs.existsSync("/usr/share/astrometry/index-tycho2-10.littleendian.fits"))
    throw new Error(`the Tycho-2 index files are missing from /usr/share/astrometry: ${INSTALL_HINT}`);
}

/**
 * The largest distance, in pixels, between where `truth` and `solved` put the same sky point, over a
 * `steps × steps` grid of the frame that includes its four corners.
 */
export function worstPixelError(
  truth: WcsKeywords,
  solved: WcsKeywords,
  width: number,
  height: number,
  steps = 11,
): number {
  const t: Projection = projection(truth);
  const s = projection(solved);
  let worst = 0;
  for (let j = 0; j < steps; j++) {
    for (let i = 0; i < steps; i++) {
      const x = 1 + ((width - 1) * i) / (steps - 1);
      const y = 1 + ((height - 1) * j) / (steps - 1);
      const sky = t.pixelToSky(x, y);
      const back = s.skyToPixel(sky.ra, sky.dec);
      if (back === null) return Infinity;
      worst = Math.max(worst, Math.hypot(back.x - x, back.y - y));
    }
  }
  return worst;
}
