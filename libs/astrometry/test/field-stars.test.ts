import {
  createIndexStarCatalog,
  detectStars,
  fieldStars,
  frameCone,
  projection,
  readIndexStars,
} from "@panoptes/astrometry";
import { realSkyFrame, SKY_FIELDS, type SkyFieldName, TYCHO2_INDEX } from "@panoptes/demo";
import { tanWcsFromHeader } from "@panoptes/sky";
import path from "node:path";
import { requireSolver } from "./support";

// Injection and recovery for the viewer's overlay: a frame of real Tycho-2 stars drawn through a known WCS; the
// overlay's stars (catalogue cone of the frame, projected through the WCS as the image document stores it) must
// land where the generator drew them, and on the stars detected in the pixels.
const SIZE = { width: 1200, height: 800 };
const INDEX = path.join("/usr/share/astrometry", TYCHO2_INDEX);

describe("fieldStars on generated frames of real sky", () => {
  beforeAll(() => requireSolver());
  const catalog = createIndexStarCatalog(INDEX);

  it.each(Object.keys(SKY_FIELDS) as SkyFieldName[])(
    "the %s field: every drawn catalogue star within 1 px of the overlay's",
    async (field) => {
      const frame = await realSkyFrame(field, SIZE);
      const wcs = tanWcsFromHeader(frame.truth);
      expect(wcs).not.toBeNull();
      const stars = fieldStars(await catalog.cone(frameCone(wcs!, SIZE, 0.1)), wcs!, SIZE, 99);
      expect(stars.length).toBeGreaterThan(10);
      // Brightest first, all on the frame.
      for (let i = 1; i < stars.length; i++) expect(stars[i]!.mag).toBeGreaterThanOrEqual(stars[i - 1]!.mag);
      // Where the generator drew each catalogue star (its own projection of the same catalogue).
      const drawn = projection(frame.truth);
      const cone = frameCone(wcs!, SIZE, 0.5);
      const all = await readIndexStars(INDEX, cone);
      const onFrame = all.flatMap((s) => {
        const p = drawn.skyToPixel(s.ra, s.dec);
        return p && p.x >= 0.5 && p.y >= 0.5 && p.x <= SIZE.width + 0.5 && p.y <= SIZE.height + 0.5
          ? [p]
          : [];
      });
      expect(stars).toHaveLength(onFrame.length);
      for (const p of onFrame) {
        const nearest = Math.min(...stars.map((s) => Math.hypot(s.x - p.x, s.y - p.y)));
        expect(nearest).toBeLessThan(1);
      }
      // And on the pixels: isolated bright overlay stars sit on a detected star. Detection centroids 2×2
      // superpixels among uncatalogued fainter stars and blends bright neighbours, so: the median within 0.5 px
      // and four in five within 1 px.
      const detected = detectStars(frame.pixels, SIZE.width, SIZE.height).stars;
      const isolated = stars.filter(
        (s) =>
          s.mag < 10 &&
          s.x > 10 &&
          s.y > 10 &&
          s.x < SIZE.width - 10 &&
          s.y < SIZE.height - 10 &&
          stars.every((o) => o === s || Math.hypot(o.x - s.x, o.y - s.y) > 12),
      );
      expect(isolated.length).toBeGreaterThan(3);
      const offsets = isolated
        .map((s) => Math.min(...detected.map((d) => Math.hypot(d.x - s.x, d.y - s.y))))
        .sort((a, b) => a - b);
      expect(offsets[offsets.length >> 1]).toBeLessThan(0.5);
      expect(offsets.filter((d) => d < 1).length).toBeGreaterThanOrEqual(0.8 * offsets.length);
    },
    60_000,
  );

  it("the magnitude limit keeps only stars at or brighter than it", async () => {
    const frame = await realSkyFrame("ordinary", SIZE);
    const wcs = tanWcsFromHeader(frame.truth)!;
    const cone = await catalog.cone(frameCone(wcs, SIZE));
    const bright = fieldStars(cone, wcs, SIZE, 9);
    const all = fieldStars(cone, wcs, SIZE, 99);
    expect(bright.length).toBeGreaterThan(0);
    expect(bright.length).toBeLessThan(all.length);
    expect(bright.every((s) => s.mag <= 9)).toBe(true);
    expect(all.filter((s) => s.mag <= 9)).toEqual(bright);
  });

  it("frameCone holds the frame's corners", () => {
    const wcs = tanWcsFromHeader({
      CTYPE1: "RA---TAN",
      CTYPE2: "DEC--TAN",
      CRVAL1: 10,
      CRVAL2: 20,
      CRPIX1: 600.5,
      CRPIX2: 400.5,
      CD1_1: -0.00286,
      CD1_2: 0,
      CD2_1: 0,
      CD2_2: 0.00286,
    })!;
    const cone = frameCone(wcs, SIZE);
    expect(cone.ra).toBeCloseTo(10, 9);
    expect(cone.dec).toBeCloseTo(20, 9);
    // Half the diagonal, hypot(600, 400) px × 0.00286°/px on the tangent plane, is atan of that on the sky.
    const plane = (Math.hypot(600, 400) * 0.00286 * Math.PI) / 180;
    expect(cone.radius).toBeCloseTo((Math.atan(plane) * 180) / Math.PI, 9);
  });
});
