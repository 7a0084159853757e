import {
  formatDec,
  formatRa,
  InvalidCoordinatesError,
  looksLikeCoordinates,
  normaliseRa,
  parseCoordinates,
  separationArcsec,
} from "@panoptes/lookup";
import { runAstropy } from "./astropy";

/** [input, expected RA deg, expected Dec deg, how astropy should read it ("hourangle" or "deg" RA unit)]. */
const VALID: readonly (readonly [string, number, number, "hourangle" | "deg"])[] = [
  ["83.82 -5.39", 83.82, -5.39, "deg"],
  ["83.82, -5.39", 83.82, -5.39, "deg"],
  ["83.82,-5.39", 83.82, -5.39, "deg"],
  ["83.82d -5.39d", 83.82, -5.39, "deg"],
  ["0 0", 0, 0, "deg"],
  ["359.9999 90", 359.9999, 90, "deg"],
  ["05:35:16.8 -05:23:15", 83.82, -5.3875, "hourangle"],
  ["05:35:16.8, -05:23:15", 83.82, -5.3875, "hourangle"],
  ["05 35 16.8 -05 23 15", 83.82, -5.3875, "hourangle"],
  ["05 35 16.8 05 23 15", 83.82, 5.3875, "hourangle"],
  ["5h35m16.8s -5d23m15s", 83.82, -5.3875, "hourangle"],
  ["5h 35m 16.8s -5d 23m 15s", 83.82, -5.3875, "hourangle"],
  ["5h35m16.8s -5°23'15\"", 83.82, -5.3875, "hourangle"],
  ["18h36m56.336s +38°47′01.28″", 279.2347333333333, 38.78368888888889, "hourangle"],
  ["18:36:56.336 +38:47:01.28", 279.2347333333333, 38.78368888888889, "hourangle"],
  ["00:42:44.33 +41:16:07.5", 10.684708333333333, 41.26875, "hourangle"],
  ["02:31:49.09 +89:15:50.8", 37.95454166666667, 89.26411111111111, "hourangle"],
  ["12:00 -00:30", 180, -0.5, "hourangle"],
  ["23:59:59.99 -89:59:59.9", 359.9999583333333, -89.9999722222222, "hourangle"],
  ["05:35:16.8 -5.3875", 83.82, -5.3875, "hourangle"],
  ["10h 20d", 150, 20, "hourangle"],
];

describe("parseCoordinates", () => {
  it.each(VALID)("reads %j", (input, ra, dec) => {
    const position = parseCoordinates(input);
    expect(position).not.toBeNull();
    expect(position?.ra).toBeCloseTo(ra, 9);
    expect(position?.dec).toBeCloseTo(dec, 9);
  });

  it("agrees with astropy's SkyCoord on every accepted form (to 1e-9 degree)", () => {
    const cases = VALID.map(([input, , , unit]) => ({
      // astropy wants one separator style: it reads the comma form without the comma.
      text: input.replace(",", " "),
      unit,
    }));
    const script = [
      "import json, sys",
      "import astropy.units as u",
      "from astropy.coordinates import SkyCoord",
      "out = []",
      "for c in json.load(sys.stdin):",
      "    ra_unit = u.hourangle if c['unit'] == 'hourangle' else u.deg",
      "    s = SkyCoord(c['text'], unit=(ra_unit, u.deg), frame='icrs')",
      "    out.append([s.ra.deg, s.dec.deg])",
      "print(json.dumps(out))",
    ].join("\n");
    const expected = runAstropy<[number, number][]>(script, cases);
    cases.forEach((c, i) => {
      const ours = parseCoordinates(c.text);
      const [ra, dec] = expected[i] as [number, number];
      expect([c.text, ours?.ra]).toEqual([c.text, expect.closeTo(ra, 9)]);
      expect([c.text, ours?.dec]).toEqual([c.text, expect.closeTo(dec, 9)]);
    });
  });

  it.each([
    ["24:00:00 +10:00:00", 0, 10],
    ["24h -10d", 0, -10],
    ["360 10", 0, 10],
    ["360.0, -10", 0, -10],
  ])("wraps exactly 24 h or 360 degrees to RA 0: %j", (input, ra, dec) => {
    expect(parseCoordinates(input)).toEqual({ ra, dec });
  });

  it("keeps the sign of a Dec whose degrees are zero", () => {
    expect(parseCoordinates("12:00:00 -00:30:00")?.dec).toBeCloseTo(-0.5, 12);
    expect(parseCoordinates("12 00 00 -00 30 00")?.dec).toBeCloseTo(-0.5, 12);
  });

  it.each([
    ["25:00:00 +10:00:00", /25 hours is beyond 24/],
    ["24:00:01 +10:00:00", /beyond 24/],
    ["360.5 10", /360.5 degrees is beyond 360/],
    ["-10 20", /RA cannot be negative/],
    ["10 -95", /-95 degrees; Dec must lie in \[-90, 90\]/],
    ["10 95", /Dec must lie in \[-90, 90\]/],
    ["12:00:00 +90:00:01", /Dec must lie in \[-90, 90\]/],
    ["10:61:00 +10", /minutes and seconds must be below 60, got 61/],
    ["10:00:60 +10", /below 60, got 60/],
    ["12:00:00 +10:60:00", /below 60/],
    ["10.5:30 +10", /10.5 must be a whole number/],
    ["10 20 95", /3 plain numbers/],
    ["10 20 30 40 50", /5 plain numbers/],
    ["5h35m16.8s", /missing; expected an RA and a Dec/],
    ["1, 2, 3", /expected one comma between RA and Dec, found 2/],
    ["10 20h", /a Dec is in degrees, not hours/],
    ["10 +20 -30", /only the Dec may carry a sign/],
    ["5h35m16.8s -5d23m15s 1", /at most 3|unexpected/],
  ])("rejects %j with invalid-coordinates", (input, message) => {
    let caught: unknown;
    try {
      parseCoordinates(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidCoordinatesError);
    expect((caught as InvalidCoordinatesError).code).toBe("invalid-coordinates");
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain(JSON.stringify(input));
  });

  it.each([
    "M 31",
    "M31",
    "58 Ori",
    "61 Cyg",
    "3C 273",
    "NGC 7000",
    "Vega",
    "12345",
    "5h",
    "HD 172167",
    "Wasp 35",
  ])("leaves %j to the name resolvers (not coordinates)", (input) => {
    expect(looksLikeCoordinates(input)).toBe(false);
    expect(parseCoordinates(input)).toBeNull();
  });
});

describe("formatRa / formatDec", () => {
  it.each([
    [279.2347333333333, 38.78368888888889, "18:36:56.34", "+38:47:01.3"],
    [83.82, -5.3875, "05:35:16.80", "-05:23:15.0"],
    [0, 0, "00:00:00.00", "+00:00:00.0"],
    [359.99999999, -0.00000001, "00:00:00.00", "+00:00:00.0"],
    [-15, -89.99999999, "23:00:00.00", "-90:00:00.0"],
  ])("formats (%p, %p) as %s %s, carrying rounded seconds", (ra, dec, raText, decText) => {
    expect(formatRa(ra)).toBe(raText);
    expect(formatDec(dec)).toBe(decText);
  });

  it("round-trips through parseCoordinates within the printed precision", () => {
    for (const [ra, dec] of [
      [10.684708, 41.26875],
      [310.35798, 45.280339],
      [101.287155, -16.716116],
    ] as const) {
      const back = parseCoordinates(`${formatRa(ra)} ${formatDec(dec)}`);
      expect(separationArcsec(back ?? { ra: NaN, dec: NaN }, { ra, dec })).toBeLessThan(0.1);
    }
  });
});

describe("normaliseRa", () => {
  it.each([
    [0, 0],
    [360, 0],
    [-80.7653, 279.2347],
    [725, 5],
    [-1e-15, 0],
  ])("wraps %p to %p", (input, expected) => expect(normaliseRa(input)).toBeCloseTo(expected, 9));
});

describe("separationArcsec", () => {
  it("agrees with astropy's SkyCoord.separation", () => {
    const pairs = [
      [279.2347, 38.7837, 279.23473479, 38.78368896],
      [37.9545, 89.2641, 37.95456067, 89.26410897],
      [0.001, 0, 359.999, 0],
      [10, -30, 200, 40],
    ];
    const script = [
      "import json, sys",
      "import astropy.units as u",
      "from astropy.coordinates import SkyCoord",
      "out = [SkyCoord(a*u.deg, b*u.deg).separation(SkyCoord(c*u.deg, d*u.deg)).arcsec for a, b, c, d in json.load(sys.stdin)]",
      "print(json.dumps(out))",
    ].join("\n");
    const expected = runAstropy<number[]>(script, pairs);
    pairs.forEach(([a, b, c, d], i) => {
      const ours = separationArcsec(
        { ra: a as number, dec: b as number },
        { ra: c as number, dec: d as number },
      );
      expect(ours).toBeCloseTo(expected[i] as number, 6);
    });
  });
});
