import { runCaptured } from "@panoptes/cli";
import { realSkyFrame } from "@panoptes/demo";
import { writeImage } from "@panoptes/fits";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireSolver, worstPixelError } from "../../astrometry/test/support";

describe("panoptes solve", () => {
  beforeAll(() => requireSolver());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-solve-"));

  it("prints exactly the documented JSON for a solved frame, CRPIX in the stored image's FITS pixels", async () => {
    const frame = await realSkyFrame("ra-wrap", { width: 1200, height: 800 }, { seed: 11 });
    const file = path.join(dir, "frame.fits");
    fs.writeFileSync(file, frame.bytes);
    const res = await runCaptured(["solve", file, "--json"]);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.out);
    expect(Object.keys(out)).toEqual([
      "solved",
      "ra",
      "dec",
      "pixel_scale",
      "rotation",
      "stars_detected",
      "index",
      "seconds",
      "wcs",
    ]);
    expect(out).toMatchObject({ solved: true, index: expect.stringMatching(/^index-tycho2-1\d$/) });
    for (const k of [
      "CTYPE1",
      "CTYPE2",
      "CRVAL1",
      "CRVAL2",
      "CRPIX1",
      "CRPIX2",
      "CD1_1",
      "CD1_2",
      "CD2_1",
      "CD2_2",
    ])
      expect(out.wcs).toHaveProperty(k);
    expect(out.wcs.CRPIX1).toBeCloseTo(600.5, 6);
    expect(out.wcs.CRPIX2).toBeCloseTo(400.5, 6);
    if (out.wcs.A_ORDER !== undefined)
      expect(Object.keys(out.wcs).some((k) => /^A_\d_\d$/.test(k))).toBe(true);
    expect(worstPixelError(frame.truth, out.wcs, 1200, 800)).toBeLessThan(1);
  }, 120_000);

  it("says why a starless frame is not solved, and exits 1", async () => {
    const file = path.join(dir, "flat.fits");
    fs.writeFileSync(file, writeImage({ pixels: new Uint16Array(200 * 100).fill(9000), axes: [200, 100] }));
    const res = await runCaptured(["solve", file, "--json"]);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.out)).toMatchObject({
      solved: false,
      reason: expect.stringMatching(/too few stars/),
      wcs: null,
    });
    const text = await runCaptured(["solve", file]);
    expect(text.out).toMatch(/^not solved: too few stars/);
  });

  it("rejects a bad --scale", async () => {
    const res = await runCaptured(["solve", "x.fits", "--scale", "fast"]);
    expect(res.code).toBe(2);
    expect(res.err).toContain("--scale must be a positive number, got fast");
  });
});
