import { demoLightcurvePoints } from "@panoptes/demo";

describe("demo lightcurve", () => {
  it("has a dip in the middle, positive errors and points every step", () => {
    const pts = demoLightcurvePoints(new Date("2024-01-01T00:00:00Z"), 60, 60);
    expect(pts).toHaveLength(60);
    expect(pts[1]!.time.getTime() - pts[0]!.time.getTime()).toBe(60_000);
    const mid = pts.slice(25, 35).reduce((s, p) => s + p.flux.g!, 0) / 10;
    const edge = pts.slice(0, 10).reduce((s, p) => s + p.flux.g!, 0) / 10;
    expect(mid / edge).toBeLessThan(0.995);
    expect(pts.every((p) => Object.values(p.flux_err).every((e) => e! > 0))).toBe(true);
  });
});
