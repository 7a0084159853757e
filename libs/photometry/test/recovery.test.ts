import { buildLightcurves, DEFAULT_SERIES, robustStd } from "@panoptes/photometry";
import { generateSequence } from "./support/sequence";

const SITE = { latitude: 19.54, longitude: -155.58, elevation: 3400 };

describe("injection and recovery on a generated sequence", () => {
  const truth = generateSequence({
    frames: 80,
    seed: 1,
    transits: [
      { id: "deep", depth: 0.03, vmag: 8.8 },
      { id: "shallow", depth: 0.015, vmag: 7.9 },
    ],
  });
  const result = buildLightcurves(truth.field, truth.frames, SITE, DEFAULT_SERIES);
  const curveOf = (id: string) => result.lightcurves.find((c) => c.star.id === id)!;
  const kept = new Set(result.frames_used);
  const keptFrames = truth.frames.map((f, k) => ({ f, k })).filter(({ f }) => kept.has(f.frame_id));

  test("drops the cloudy frame with the reason and keeps the others", () => {
    expect(result.frames_dropped).toEqual([
      { frame_id: truth.cloudy, reason: expect.stringMatching(/^cloudy/) },
    ]);
    expect(result.frames_used).toHaveLength(truth.frames.length - 1);
  });

  test.each(["deep", "shallow"])(
    "never uses the saturated or the varying star as a comparison of %s",
    (id) => {
      const curve = curveOf(id);
      for (const ch of ["r", "g", "b"] as const) {
        expect(curve.comparisons[ch]).not.toContain(truth.saturated);
        expect(curve.comparisons[ch]).not.toContain(truth.variable);
        expect(curve.comparisons[ch].length).toBeGreaterThanOrEqual(3);
      }
    },
  );

  test("the varying comparison is rejected with the reason, the saturated star's points are flagged", () => {
    expect(curveOf("deep").rejected_comparisons.g).toContainEqual({
      id: truth.variable,
      reason: expect.stringMatching(/^varies/),
    });
    const saturated = result.lightcurves.find((c) => c.star.id === truth.saturated);
    for (const p of saturated?.points ?? []) expect(p.flags).toContain("saturated");
  });

  test.each([0, 1])(
    "recovers transit %p's depth within 10% in G, and in R and B within 3σ of their own noise",
    (n) => {
      const t = truth.transits[n]!;
      const curve = curveOf(t.id);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      for (const ch of ["r", "g", "b"] as const) {
        const inside: number[] = [];
        const outside: number[] = [];
        keptFrames.forEach(({ k }, i) =>
          (truth.inTransit(k) ? inside : outside).push(curve.points[i]!.flux[ch]!),
        );
        expect([...inside, ...outside].every(Number.isFinite)).toBe(true);
        const measured = 1 - mean(inside) / mean(outside);
        const sigma = robustStd(outside) * Math.sqrt(1 / inside.length + 1 / outside.length);
        if (ch === "g") expect(Math.abs(measured / t.depth - 1)).toBeLessThan(0.1);
        expect(Math.abs(measured - t.depth)).toBeLessThan(3 * sigma);
      }
    },
  );

  test.each([0, 1])("transit %p: out-of-transit G scatter within 1.3× the CCD-equation noise", (n) => {
    const t = truth.transits[n]!;
    const curve = curveOf(t.id);
    const outside = keptFrames
      .map(({ k }, i) => ({ k, v: curve.points[i]!.flux.g! }))
      .filter(({ k }) => !truth.inTransit(k));
    expect(robustStd(outside.map(({ v }) => v))).toBeLessThan(1.3 * t.expectedNoise);
    // the reported error is that noise, not an invented one
    const reported = curve.expected_ppm.g! / 1e6 / t.expectedNoise;
    expect(reported).toBeGreaterThan(0.9);
    expect(reported).toBeLessThan(1.3);
  });

  test("points carry UTC and BJD_TDB times and the airmass", () => {
    const p = curveOf("deep").points[0]!;
    expect(p.time).toBe("2019-07-02T03:00:00.000Z");
    expect(p.bjd_tdb).toBeGreaterThan(2458666.6);
    expect(p.bjd_tdb).toBeLessThan(2458666.7);
    expect(p.airmass).toBeCloseTo(1.1, 5);
  });
});
