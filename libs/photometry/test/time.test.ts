import { spawnSync } from "node:child_process";
import { altitudeAirmass, bjdTdb, jdTt, taiMinusUtc } from "@panoptes/photometry";

// Cross-check against astropy (Debian python3-astropy) with its built-in ephemeris (ERFA epv00) and the IERS-B table
// it ships, so nothing is downloaded. Dates stay inside that table.
const CASES = [
  {
    utc: "2018-02-16T11:24:30.000Z",
    ra: 96.2,
    dec: 25.3,
    site: { latitude: 19.54, longitude: -155.58, elevation: 3400 },
  },
  {
    utc: "2019-07-02T03:10:00.000Z",
    ra: 300.18,
    dec: 22.71,
    site: { latitude: -33.47, longitude: 151.21, elevation: 40 },
  },
  {
    utc: "2020-12-21T09:45:12.500Z",
    ra: 0.4,
    dec: -1.2,
    site: { latitude: 40.35, longitude: -105.53, elevation: 2500 },
  },
  {
    utc: "2021-04-10T14:00:00.000Z",
    ra: 181.5,
    dec: 84.9,
    site: { latitude: 19.54, longitude: -155.58, elevation: 3400 },
  },
  {
    utc: "2022-09-30T06:30:00.000Z",
    ra: 359.9,
    dec: -70.1,
    site: { latitude: -30.17, longitude: -70.8, elevation: 2200 },
  },
];

const ASTROPY = `
import json, sys, warnings
warnings.simplefilter("ignore")
from astropy.utils import iers
iers.conf.auto_download = False
from astropy.time import Time
from astropy.coordinates import EarthLocation, SkyCoord, AltAz
import astropy.units as u
out = []
for c in json.loads(sys.argv[1]):
    loc = EarthLocation.from_geodetic(c["site"]["longitude"] * u.deg, c["site"]["latitude"] * u.deg, c["site"]["elevation"] * u.m)
    t = Time(c["utc"].replace("Z", ""), scale="utc", location=loc)
    star = SkyCoord(c["ra"] * u.deg, c["dec"] * u.deg, frame="icrs")
    bjd = (t.tdb + t.light_travel_time(star, "barycentric")).jd
    altaz = star.transform_to(AltAz(obstime=t, location=loc))
    out.append({"bjd": bjd, "tt": t.tt.jd, "alt": altaz.alt.deg, "secz": float(altaz.secz)})
print(json.dumps(out))
`;

describe("times and airmass", () => {
  const py = spawnSync("/usr/bin/python3", ["-c", ASTROPY, JSON.stringify(CASES)], { encoding: "utf8" });
  if (py.status !== 0) throw new Error(`astropy failed (Debian python3-astropy needed): ${py.stderr}`);
  const reference = JSON.parse(py.stdout) as Array<{ bjd: number; tt: number; alt: number; secz: number }>;

  test.each(CASES.map((c, k) => [c.utc, c.ra, c.dec, k]))(
    "BJD_TDB at %s toward (%p, %p) within 0.2 s of astropy",
    (utc, ra, dec, k) => {
      const c = CASES[k as number]!;
      const ours = bjdTdb(new Date(utc as string), ra as number, dec as number, c.site);
      expect(Math.abs(ours - reference[k as number]!.bjd) * 86400).toBeLessThan(0.2);
      expect(Math.abs(jdTt(new Date(utc as string)) - reference[k as number]!.tt) * 86400).toBeLessThan(1e-4);
    },
  );

  test.each(CASES.map((c, k) => [c.utc, k]))(
    "altitude at %s within 0.05° of astropy, airmass within 0.5%",
    (_utc, k) => {
      const c = CASES[k as number]!;
      const ours = altitudeAirmass(new Date(c.utc), c.ra, c.dec, c.site);
      const ref = reference[k as number]!;
      expect(Math.abs(ours.altitude - ref.alt)).toBeLessThan(0.05);
      if (ref.alt > 10) expect(Math.abs(ours.airmass! / ref.secz - 1)).toBeLessThan(0.005);
      else if (ref.alt < 0) expect(ours.airmass).toBeNull();
    },
  );

  test("TAI − UTC follows the leap seconds and refuses dates before its table", () => {
    expect(taiMinusUtc(new Date("2016-12-31T23:59:59Z"))).toBe(36);
    expect(taiMinusUtc(new Date("2017-01-01T00:00:00Z"))).toBe(37);
    expect(() => taiMinusUtc(new Date("1998-06-01T00:00:00Z"))).toThrow(/leap-second/);
  });
});
