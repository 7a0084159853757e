import { seededRandom } from "@panoptes/demo";
import { angularDistanceDeg, parseCoordinates } from "@panoptes/sky";
import { spawnSync } from "node:child_process";
import fs from "node:fs";

// Cross-check against astropy (Debian's python3-astropy, run by Debian's /usr/bin/python3): angular separations
// by SkyCoord.separation and coordinate strings by SkyCoord's own parser.
const PYTHON = "/usr/bin/python3";
const SCRIPT = `
import json, sys
from astropy.coordinates import SkyCoord
import astropy.units as u
req = json.load(sys.stdin)
a = SkyCoord([p[0] for p in req["pairs"]], [p[1] for p in req["pairs"]], unit="deg")
b = SkyCoord([p[2] for p in req["pairs"]], [p[3] for p in req["pairs"]], unit="deg")
seps = a.separation(b).deg.tolist()
parsed = []
for text, kind in req["strings"]:
    c = SkyCoord(text, unit=(u.hourangle, u.deg) if kind == "hms" else (u.deg, u.deg))
    parsed.append([c.ra.deg, c.dec.deg])
print(json.dumps({"seps": seps, "parsed": parsed}))
`;

function astropy(input: unknown): { seps: number[]; parsed: Array<[number, number]> } {
  if (!fs.existsSync(PYTHON))
    throw new Error(`${PYTHON} is missing: install Debian's python3 and python3-astropy`);
  const r = spawnSync(PYTHON, ["-c", SCRIPT], { input: JSON.stringify(input), encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(
      `astropy cross-check failed (install Debian's python3-astropy): ${r.stderr || r.error?.message}`,
    );
  }
  return JSON.parse(r.stdout) as { seps: number[]; parsed: Array<[number, number]> };
}

describe("against astropy", () => {
  it("agrees on angular separations, including across RA 0/360, at the poles and antipodes", () => {
    const rnd = seededRandom(11);
    const pairs: Array<[number, number, number, number]> = [
      [359.999, 0, 0.001, 0],
      [0, 90, 180, 89],
      [10, -89.9999, 190, -89.9999],
      [0, 0, 180, 0],
      [279.2347, 38.7837, 279.2347, 38.78371],
    ];
    for (let i = 0; i < 500; i++) {
      const ra = rnd() * 360;
      const dec = rnd() * 180 - 90;
      const d = 10 ** (-4 + rnd() * 6);
      pairs.push([
        ra,
        dec,
        (ra + d * (rnd() - 0.5)) % 360,
        Math.max(-90, Math.min(90, dec + d * (rnd() - 0.5))),
      ]);
    }
    const ref = astropy({ pairs, strings: [] });
    pairs.forEach((p, i) => {
      expect(Math.abs(angularDistanceDeg(...p) - ref.seps[i]!)).toBeLessThan(1e-9);
    });
  });

  it("parses coordinate strings to the same RA and Dec", () => {
    const strings: Array<[string, "hms" | "deg"]> = [
      ["18:36:56.3 +38:47:01", "hms"],
      ["18h36m56.3s +38d47m01s", "hms"],
      ["18 36 56.3 +38 47 01", "hms"],
      ["05:35:17.3 -05:23:28", "hms"],
      ["00:00:00.5 -89:59:59", "hms"],
      ["23:59:59.9 +00:00:01", "hms"],
      ["279.2347 +38.7837", "deg"],
      ["0.5 -0.25", "deg"],
    ];
    const ref = astropy({ pairs: [], strings });
    strings.forEach(([text], i) => {
      const ours = parseCoordinates(text)!;
      const [ra, dec] = ref.parsed[i]!;
      expect({ text, ra: ours.ra.toFixed(9), dec: ours.dec.toFixed(9) }).toEqual({
        text,
        ra: ra.toFixed(9),
        dec: dec.toFixed(9),
      });
    });
  });
});
