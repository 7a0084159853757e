import {
  detectStars,
  projection,
  superpixels,
  type WcsKeywords,
  wcsFromHeader,
  writeXylist,
} from "@panoptes/astrometry";
import { DEMO_SKY_SPEC, frameWcs, makeSkyFrame } from "@panoptes/demo";
import { float, Header, string } from "@panoptes/fits";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PYTHON = "/usr/bin/python3";

/** Runs a Python script with Debian's astropy (python3-astropy), JSON in on stdin, JSON out on stdout. */
function astropy(script: string, input: unknown, args: string[] = []): unknown {
  const r = spawnSync(PYTHON, ["-c", script, ...args], { input: JSON.stringify(input), encoding: "utf8" });
  if (r.error || r.status !== 0)
    throw new Error(`astropy failed (install Debian's python3-astropy): ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

const SPEC = { ...DEMO_SKY_SPEC, field: "grid" };

describe("star detection on the RGGB mosaic", () => {
  it("sums each 2×2 RGGB cell into one superpixel", () => {
    const plane = superpixels([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 4, 3);
    expect(plane).toMatchObject({ width: 2, height: 1 });
    expect(Array.from(plane.data)).toEqual([1 + 2 + 5 + 6, 3 + 4 + 7 + 8]);
  });

  it("recovers injected stars to 0.15 pixel, brightest first", () => {
    // A grid of isolated stars at known sub-pixel positions (V 8.5-10.5) on a noisy sky.
    const wcs = frameWcs({ width: 600, height: 400, ra: 120, dec: 10 });
    const p = projection(wcs);
    const catalog = [];
    const truth: Array<{ x: number; y: number; mag: number }> = [];
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 8; i++) {
        const x = 40 + i * 70 + 0.37 * i;
        const y = 40 + j * 75 + 0.21 * j;
        const mag = 8.5 + (i + j * 8) * 0.05;
        const sky = p.pixelToSky(x, y);
        catalog.push({ ...sky, mag });
        truth.push({ x, y, mag });
      }
    }
    const frame = makeSkyFrame({
      width: 600,
      height: 400,
      ra: 120,
      dec: 10,
      catalog,
      faintDensity: 0,
      spec: SPEC,
      seed: 5,
    });
    const { stars, noise } = detectStars(frame.pixels, 600, 400);
    expect(noise).toBeGreaterThan(0);
    expect(stars).toHaveLength(truth.length);
    for (const t of truth) {
      const found = stars.find((s) => Math.hypot(s.x - t.x, s.y - t.y) < 1);
      expect(found).toBeDefined();
      expect(Math.hypot(found!.x - t.x, found!.y - t.y)).toBeLessThan(0.15);
    }
    for (let i = 1; i < stars.length; i++) expect(stars[i]!.flux).toBeLessThanOrEqual(stars[i - 1]!.flux);
  });

  it("finds nothing in pure noise", () => {
    const frame = makeSkyFrame({
      width: 400,
      height: 300,
      ra: 10,
      dec: 10,
      catalog: [],
      faintDensity: 0,
      spec: SPEC,
    });
    expect(detectStars(frame.pixels, 400, 300).stars.length).toBeLessThanOrEqual(1);
  });
});

describe("xylist", () => {
  it("is a FITS table astropy reads back: X, Y, FLUX and the image size", () => {
    const stars = [
      { x: 10.25, y: 20.5, flux: 1234.5, peak: 1, area: 4, elongation: 1 },
      { x: 1199.75, y: 1.125, flux: 99.25, peak: 1, area: 4, elongation: 1 },
    ];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "xyls-")), "field.xyls");
    fs.writeFileSync(file, writeXylist(stars, 1200, 800));
    const out = astropy(
      `
import json, sys
from astropy.io import fits
with fits.open(sys.argv[1]) as h:
    t = h[1].data
    print(json.dumps({"x": t["X"].tolist(), "y": t["Y"].tolist(), "flux": t["FLUX"].tolist(),
                      "w": h[1].header["IMAGEW"], "h": h[1].header["IMAGEH"]}))
`,
      null,
      [file],
    );
    expect(out).toEqual({ x: [10.25, 1199.75], y: [20.5, 1.125], flux: [1234.5, 99.25], w: 1200, h: 800 });
  });
});

describe("TAN-SIP WCS", () => {
  const header = new Header();
  const cards: Array<[string, string | number]> = [
    ["CTYPE1", "RA---TAN-SIP"],
    ["CTYPE2", "DEC--TAN-SIP"],
    ["CRVAL1", 359.8],
    ["CRVAL2", 62.3],
    ["CRPIX1", 2604.5],
    ["CRPIX2", 1738.5],
    ["CD1_1", -0.00281],
    ["CD1_2", 0.00042],
    ["CD2_1", 0.00041],
    ["CD2_2", 0.00283],
    ["A_ORDER", 2],
    ["A_0_2", 1.5e-7],
    ["A_1_1", -5.5e-8],
    ["A_2_0", -1.3e-7],
    ["B_ORDER", 2],
    ["B_0_2", -9.3e-8],
    ["B_1_1", 6.9e-8],
    ["B_2_0", -9e-8],
  ];
  for (const [k, v] of cards)
    header.append({ keyword: k, value: typeof v === "string" ? string(v) : float(v), comment: "" });
  const wcs = wcsFromHeader(header) as WcsKeywords;
  const points = [
    [1, 1],
    [5208, 1],
    [1, 3476],
    [5208, 3476],
    [2604.5, 1738.5],
    [100.25, 3000.75],
  ] as const;

  it("reads CTYPE, CRVAL, CRPIX, CD and the SIP terms from a header", () => {
    expect(wcs).toMatchObject({
      CTYPE1: "RA---TAN-SIP",
      CRPIX1: 2604.5,
      A_ORDER: 2,
      A_0_2: 1.5e-7,
      B_2_0: -9e-8,
    });
  });

  it("maps pixels to the sky as astropy's all_pix2world does (to a milliarcsecond), and back", () => {
    const ours = points.map(([x, y]) => projection(wcs).pixelToSky(x, y));
    const theirs = astropy(
      `
import json, sys
from astropy.io import fits
from astropy.wcs import WCS
req = json.load(sys.stdin)
h = fits.Header()
for k, v in req["cards"]: h[k] = v
w = WCS(h)
ra, dec = w.all_pix2world([p[0] for p in req["points"]], [p[1] for p in req["points"]], 1)
print(json.dumps([list(map(float, ra)), list(map(float, dec))]))
`,
      { cards, points },
    ) as [number[], number[]];
    ours.forEach((o, i) => {
      const dra = (((o.ra - theirs[0][i]! + 540) % 360) - 180) * Math.cos((o.dec * Math.PI) / 180);
      expect(Math.hypot(dra, o.dec - theirs[1][i]!) * 3600).toBeLessThan(0.001);
      const back = projection(wcs).skyToPixel(o.ra, o.dec)!;
      expect(Math.hypot(back.x - points[i]![0], back.y - points[i]![1])).toBeLessThan(1e-6);
    });
  });
});
