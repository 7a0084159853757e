import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { annulusValues, apertureSum, pixelOverlap, sigmaClippedStats } from "@panoptes/photometry";
import { seededRandom } from "@panoptes/demo";

describe("exact circular apertures", () => {
  test.each([
    [0, 0, 0.7],
    [10.3, 7.9, 3],
    [5.5, 5.5, 4.25],
    [20.17, 11.73, 6.6],
  ])("pixel overlaps about (%p, %p) with r = %p add up to πr²", (cx, cy, r) => {
    let total = 0;
    for (let j = Math.floor(cy - r) - 1; j <= cy + r + 1; j++)
      for (let i = Math.floor(cx - r) - 1; i <= cx + r + 1; i++) total += pixelOverlap(i, j, cx, cy, r);
    expect(total).toBeCloseTo(Math.PI * r * r, 9);
  });

  test("a boundary pixel's overlap equals fine numerical integration", () => {
    const random = seededRandom(11);
    for (let n = 0; n < 40; n++) {
      const cx = random() * 4;
      const cy = random() * 4;
      const r = 0.5 + random() * 3;
      const i = Math.round(cx + r * Math.cos(n));
      const j = Math.round(cy + r * Math.sin(n));
      const steps = 400;
      let inside = 0;
      for (let a = 0; a < steps; a++)
        for (let b = 0; b < steps; b++) {
          const x = i - 0.5 + (a + 0.5) / steps;
          const y = j - 0.5 + (b + 0.5) / steps;
          if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) inside++;
        }
      expect(pixelOverlap(i, j, cx, cy, r)).toBeCloseTo(inside / steps ** 2, 3);
    }
  });

  test("a circle reaching past the plane is reported clipped and sums only what is inside", () => {
    const plane = { data: new Float32Array(100).fill(2), width: 10, height: 10 };
    const inside = apertureSum(plane, 5, 5, 3);
    expect(inside.clipped).toBe(false);
    expect(inside.sum).toBeCloseTo(2 * Math.PI * 9, 9);
    const edge = apertureSum(plane, 0, 5, 3);
    expect(edge.clipped).toBe(true);
    // the plane starts 0.5 px left of the centre: the circle less the segment beyond that line
    const segment = 9 * Math.acos(0.5 / 3) - 0.5 * Math.sqrt(9 - 0.25);
    expect(edge.area).toBeCloseTo(Math.PI * 9 - segment, 9);
    expect(annulusValues(plane, 9, 9, 2, 4).clipped).toBe(true);
  });

  test("agrees with photutils (exact apertures, sigma-clipped annulus median) on a noisy image", () => {
    const width = 64;
    const height = 48;
    const random = seededRandom(5);
    const data = new Float32Array(width * height);
    for (let k = 0; k < data.length; k++) data[k] = 100 + 20 * (random() + random() + random() - 1.5);
    for (let k = 0; k < 30; k++) data[Math.floor(random() * data.length)] = 5000;
    const centres = Array.from(
      { length: 12 },
      () => [10 + random() * 44, 10 + random() * 28] as [number, number],
    );
    const ours = centres.map(([x, y]) => {
      const ap = apertureSum({ data, width, height }, x, y, 3.3);
      const sky = sigmaClippedStats(annulusValues({ data, width, height }, x, y, 5, 8).values);
      return [ap.sum, ap.area, sky.median];
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phot-"));
    const file = path.join(dir, "img.f32");
    fs.writeFileSync(file, Buffer.from(data.buffer));
    const script = `
import json, sys, numpy as np
from photutils.aperture import CircularAperture, CircularAnnulus, ApertureStats, aperture_photometry
from astropy.stats import SigmaClip
data = np.fromfile(sys.argv[1], dtype="<f4").reshape(${height}, ${width}).astype(float)
pos = json.loads(sys.argv[2])
ap = CircularAperture(pos, r=3.3)
t = aperture_photometry(data, ap, method="exact")
ann = CircularAnnulus(pos, r_in=5, r_out=8)
st = ApertureStats(data, ann, sigma_clip=SigmaClip(sigma=3.0, maxiters=5))
print(json.dumps([[float(s), float(a), float(m)] for s, a, m in zip(t["aperture_sum"], ap.area_overlap(data, method="exact"), st.median)]))
`;
    const py = spawnSync("/usr/bin/python3", ["-c", script, file, JSON.stringify(centres)], {
      encoding: "utf8",
    });
    fs.rmSync(dir, { recursive: true, force: true });
    if (py.status !== 0) throw new Error(`photutils failed (Debian python3-photutils needed): ${py.stderr}`);
    const theirs = JSON.parse(py.stdout) as number[][];
    ours.forEach(([sum, area, sky], k) => {
      expect(sum! / theirs[k]![0]!).toBeCloseTo(1, 9);
      expect(area! / theirs[k]![1]!).toBeCloseTo(1, 9);
      expect(sky! / theirs[k]![2]!).toBeCloseTo(1, 6);
    });
  });
});
