import { seededRandom } from "@panoptes/demo";
import {
  angularDistanceDeg,
  CELL_SIZES_DEG,
  coneCells,
  formatDecDms,
  formatRaHms,
  inCone,
  InvalidCoordinatesError,
  InvalidSkyPositionError,
  MAX_QUERY_CELLS,
  normalizeRa,
  parseCoordinates,
  planConeQuery,
  skyIndexFields,
} from "@panoptes/sky";

/** A point at distance `d` degrees from (ra, dec) along position angle `pa` (spherical trigonometry). */
function offset(ra: number, dec: number, d: number, pa: number): { ra: number; dec: number } {
  const r = Math.PI / 180;
  const sinDec = Math.sin(dec * r) * Math.cos(d * r) + Math.cos(dec * r) * Math.sin(d * r) * Math.cos(pa * r);
  const dec2 = Math.asin(Math.max(-1, Math.min(1, sinDec)));
  const y = Math.sin(pa * r) * Math.sin(d * r) * Math.cos(dec * r);
  const x = Math.cos(d * r) - Math.sin(dec * r) * sinDec;
  return { ra: normalizeRa(ra + Math.atan2(y, x) / r), dec: dec2 / r };
}

describe("angularDistanceDeg", () => {
  it.each([
    ["same point", 10, 20, 10, 20, 0],
    ["across RA 0/360", 359.5, 0, 0.5, 0, 1],
    ["along a meridian", 100, 10, 100, 40, 30],
    ["any RA at the pole", 0, 90, 123, 90, 0],
    ["pole to equator", 17, 90, 250, 0, 90],
    ["antipodes", 0, 0, 180, 0, 180],
    ["over the pole", 0, 89, 180, 89, 2],
  ])("%s", (_name, ra1, dec1, ra2, dec2, expected) => {
    expect(angularDistanceDeg(ra1, dec1, ra2, dec2)).toBeCloseTo(expected, 9);
  });

  it("agrees with the haversine formula on random pairs", () => {
    const rnd = seededRandom(7);
    const r = Math.PI / 180;
    for (let i = 0; i < 1000; i++) {
      const [a1, d1, a2, d2] = [rnd() * 360, rnd() * 180 - 90, rnd() * 360, rnd() * 180 - 90];
      const h =
        Math.sin(((d2 - d1) * r) / 2) ** 2 +
        Math.cos(d1 * r) * Math.cos(d2 * r) * Math.sin(((a2 - a1) * r) / 2) ** 2;
      const haversine = (2 * Math.asin(Math.min(1, Math.sqrt(h)))) / r;
      expect(angularDistanceDeg(a1, d1, a2, d2)).toBeCloseTo(haversine, 6);
    }
  });
});

describe("skyIndexFields", () => {
  it("writes one cell per level, coarse to fine", () => {
    const { sky_cells } = skyIndexFields(279.23, 38.78);
    expect(sky_cells).toHaveLength(CELL_SIZES_DEG.length);
    sky_cells.forEach((c, level) => expect(c.startsWith(`${level}/`)).toBe(true));
  });

  it("gives unsolved observations no cells", () => {
    expect(skyIndexFields(null, null)).toEqual({ sky_cells: [] });
    expect(skyIndexFields(10, null)).toEqual({ sky_cells: [] });
  });

  it("puts RA 0 and RA 360 in the same cell", () => {
    expect(skyIndexFields(0, 12)).toEqual(skyIndexFields(360, 12));
    expect(skyIndexFields(-0.5, 12)).toEqual(skyIndexFields(359.5, 12));
  });

  it("finds a point stored at the pole, whatever its RA, from a small cone around the pole", () => {
    for (const storedRa of [0, 97, 359.99]) {
      const plan = planConeQuery(250, 89.99, 0.05);
      expect(plan.cells).toContain(skyIndexFields(storedRa, 90).sky_cells[plan.level]);
    }
  });

  it.each([
    [10, 91],
    [10, -90.5],
    [Number.NaN, 0],
  ])("rejects ra %p dec %p", (ra, dec) => {
    expect(() => skyIndexFields(ra, dec)).toThrow(InvalidSkyPositionError);
  });
});

describe("planConeQuery", () => {
  it("has at most 30 cells at the coarsest level for the whole sky", () => {
    expect(coneCells(0, 0, 0, 180).length).toBeLessThanOrEqual(MAX_QUERY_CELLS);
  });

  it("picks the finest level that fits for a small cone", () => {
    expect(planConeQuery(279.23, 38.78, 0.5).level).toBe(CELL_SIZES_DEG.length - 1);
    expect(planConeQuery(279.23, 38.78, 60).level).toBe(0);
  });

  it.each([
    [0, 0, 0],
    [0, 0, 181],
    [0, 95, 1],
  ])("rejects centre (%p, %p) radius %p", (ra, dec, radius) => {
    expect(() => planConeQuery(ra, dec, radius)).toThrow(InvalidSkyPositionError);
  });

  // The index is complete: every point truly inside a cone has its cell (at the planned level) in the plan.
  // Cones are centred at the RA 0/360 seam, at and near both poles, and at random; radii from arcminutes to
  // tens of degrees; points are placed inside (just inside the edge, too) and checked by true distance.
  const centres: Array<[string, number, number]> = [
    ["RA seam, equator", 0, 0],
    ["RA seam, 359.9", 359.9, -20],
    ["RA seam, 0.05", 0.05, 45],
    ["north pole", 0, 90],
    ["near north pole", 180, 88.5],
    ["near south pole", 359.5, -89.2],
    ["south pole", 42, -90],
    ["mid sky", 279.23, 38.78],
  ];
  it.each(centres)("covers every point inside cones at %s", (_name, ra, dec) => {
    const rnd = seededRandom(Math.round(ra * 1000 + dec * 7 + 1000));
    for (const radius of [0.05, 0.5, 1, 2.5, 7, 20, 50]) {
      const plan = planConeQuery(ra, dec, radius);
      const cells = new Set(plan.cells);
      for (let i = 0; i < 400; i++) {
        const d = i < 40 ? radius * (1 - 1e-7) : radius * Math.sqrt(rnd());
        const p = offset(ra, dec, d, rnd() * 360);
        if (!inCone({ ra, dec, radius }, p.ra, p.dec)) continue;
        const cell = skyIndexFields(p.ra, p.dec).sky_cells[plan.level];
        expect({ radius, p, cell, inPlan: cells.has(cell!) }).toEqual({ radius, p, cell, inPlan: true });
      }
    }
  });

  it("selects the same points as a brute-force distance scan after the exact check", () => {
    const rnd = seededRandom(99);
    const points = Array.from({ length: 5000 }, () => ({
      ra: rnd() * 360,
      dec: Math.asin(2 * rnd() - 1) * (180 / Math.PI),
    }));
    const cone = { ra: 0.3, dec: -88, radius: 12 };
    const plan = planConeQuery(cone.ra, cone.dec, cone.radius);
    const cells = new Set(plan.cells);
    const viaIndex = points.filter(
      (p) => cells.has(skyIndexFields(p.ra, p.dec).sky_cells[plan.level]!) && inCone(cone, p.ra, p.dec),
    );
    const brute = points.filter((p) => angularDistanceDeg(cone.ra, cone.dec, p.ra, p.dec) <= cone.radius);
    expect(brute.length).toBeGreaterThan(10);
    expect(viaIndex).toEqual(brute);
  });
});

describe("parseCoordinates", () => {
  it.each([
    ["279.2347 38.7837", 279.2347, 38.7837],
    ["279.2347, +38.7837", 279.2347, 38.7837],
    ["10.5d -5.25d", 10.5, -5.25],
    ["0 -90", 0, -90],
    ["18:36:56.3 +38:47:01", 279.234583, 38.783611],
    ["18h36m56.3s +38d47m01s", 279.234583, 38.783611],
    ["18 36 56.3 +38 47 01", 279.234583, 38.783611],
    ["05:35:17.3 -05:23:28", 83.822083, -5.391111],
    ["00h00m00s -00d30m00s", 0, -0.5],
  ])("parses %p", (text, ra, dec) => {
    const p = parseCoordinates(text);
    expect(p).not.toBeNull();
    expect(p!.ra).toBeCloseTo(ra, 5);
    expect(p!.dec).toBeCloseTo(dec, 5);
  });

  it.each(["Vega", "M42", "KIC 8462852", "", "12"])("leaves names to the resolver: %p", (text) => {
    expect(parseCoordinates(text)).toBeNull();
  });

  it.each(["370 10", "10 95", "24:00:01 +10:00:00", "12:61:00 +10:00:00"])(
    "rejects out-of-range %p",
    (text) => {
      expect(() => parseCoordinates(text)).toThrow(InvalidCoordinatesError);
    },
  );

  it("formats sexagesimal coordinates that parse back", () => {
    const text = `${formatRaHms(279.2347)} ${formatDecDms(-38.7837)}`;
    expect(text).toBe("18:36:56.3 -38:47:01");
    const back = parseCoordinates(text)!;
    expect(back.ra).toBeCloseTo(279.2347, 3);
    expect(back.dec).toBeCloseTo(-38.7837, 3);
  });
});
