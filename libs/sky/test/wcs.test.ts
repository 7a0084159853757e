import { demoDataset, panoptesCards } from "@panoptes/demo";
import { fileByteSource, headerToMap, readHeader } from "@panoptes/fits";
import { angularDistanceDeg, pixelToWorld, tanWcsFromHeader, worldToPixel } from "@panoptes/sky";
import { sharedPath, testShared } from "@panoptes/testing";
import { spawnSync } from "node:child_process";

// astropy's WCS (Debian python3-astropy) on the same header: all_pix2world with origin 1, SIP included.
const SCRIPT = `
import json, sys, warnings
from astropy.io import fits
from astropy.wcs import WCS
req = json.load(sys.stdin)
warnings.simplefilter("ignore")
h = fits.Header()
for k, v in req["header"].items():
    h[k] = v
w = WCS(h)
ra, dec = w.all_pix2world(req["x"], req["y"], 1)
print(json.dumps({"ra": ra.tolist(), "dec": dec.tolist()}))
`;

function astropyWorld(
  header: Record<string, unknown>,
  x: number[],
  y: number[],
): { ra: number[]; dec: number[] } {
  const r = spawnSync("/usr/bin/python3", ["-c", SCRIPT], {
    input: JSON.stringify({ header, x, y }),
    encoding: "utf8",
  });
  if (r.status !== 0)
    throw new Error(`astropy WCS failed (apt-get install python3-astropy): ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as { ra: number[]; dec: number[] };
}

const PIXELS = {
  x: [1, 48.5, 96, 350, 700, 5208, 2604.5, 10],
  y: [1, 32.5, 64, 350, 700, 3476, 1738.5, 3000],
};

function expectAgreement(header: Record<string, unknown>): void {
  const wcs = tanWcsFromHeader(header);
  expect(wcs).not.toBeNull();
  const ref = astropyWorld(header, PIXELS.x, PIXELS.y);
  PIXELS.x.forEach((x, i) => {
    const [ra, dec] = pixelToWorld(wcs!, x, PIXELS.y[i]!);
    // Well below a PANOPTES pixel (~10 arcsec): 1 milliarcsecond.
    expect(angularDistanceDeg(ra, dec, ref.ra[i]!, ref.dec[i]!) * 3600).toBeLessThan(1e-3);
  });
}

describe("pixelToWorld agrees with astropy's WCS", () => {
  test("a generated PANOPTES header (TAN, CD matrix)", () => {
    const spec = { ...demoDataset(1)[0]!, solved: true };
    expectAgreement(headerToMap(panoptesCards(spec)));
  });

  test("near the pole, rotated, with PC and CDELT", () => {
    expectAgreement({
      CTYPE1: "RA---TAN",
      CTYPE2: "DEC--TAN",
      CRVAL1: 37.95,
      CRVAL2: 89.26,
      CRPIX1: 2604.5,
      CRPIX2: 1738.5,
      CDELT1: -0.00285,
      CDELT2: 0.00285,
      PC1_1: 0.866,
      PC1_2: -0.5,
      PC2_1: 0.5,
      PC2_2: 0.866,
    });
  });

  test("a header without a celestial TAN WCS has none", () => {
    expect(
      tanWcsFromHeader({
        CTYPE1: "RA---SIN",
        CTYPE2: "DEC--SIN",
        CRVAL1: 1,
        CRVAL2: 2,
        CRPIX1: 1,
        CRPIX2: 1,
      }),
    ).toBeNull();
    expect(tanWcsFromHeader({})).toBeNull();
  });

  testShared(
    "the real plate-solved frame is only in ../shared/fixtures",
    "the real plate-solved PANOPTES frame (TAN-SIP, ../shared/fixtures)",
    async () => {
      const file = sharedPath("fixtures", "fits/solved.fits.fz");
      const { header } = await readHeader(await fileByteSource(file), { hdu: 1 });
      const values = headerToMap(header.cards);
      const wcsKeys = Object.fromEntries(
        Object.entries(values).filter(([k]) =>
          /^(CTYPE|CRVAL|CRPIX|CD\d_|[AB]P?_|CUNIT|EQUINOX|RADESYS|LONPOLE|LATPOLE)/.test(k),
        ),
      );
      expect(tanWcsFromHeader(values)?.sip).not.toBeNull();
      expectAgreement(wcsKeys);
    },
  );
});

describe("worldToPixel inverts pixelToWorld", () => {
  const tan = {
    CTYPE1: "RA---TAN",
    CTYPE2: "DEC--TAN",
    CRVAL1: 359.3,
    CRVAL2: 12,
    CRPIX1: 2604.5,
    CRPIX2: 1738.5,
    CD1_1: -0.00286,
    CD1_2: 0.0001,
    CD2_1: 0.0001,
    CD2_2: 0.00286,
  };
  const sip = {
    ...tan,
    CTYPE1: "RA---TAN-SIP",
    CTYPE2: "DEC--TAN-SIP",
    A_ORDER: 2,
    B_ORDER: 2,
    A_2_0: 2e-6,
    A_1_1: -1e-6,
    B_0_2: 3e-6,
    B_1_1: 1.5e-6,
  };
  test.each([
    ["TAN across RA 0/360", tan],
    ["TAN-SIP (distortion inverted by iteration)", sip],
  ])("%s: pixels come back within 1e-6 px", (_name, header) => {
    const wcs = tanWcsFromHeader(header)!;
    PIXELS.x.forEach((x, i) => {
      const [ra, dec] = pixelToWorld(wcs, x, PIXELS.y[i]!);
      const p = worldToPixel(wcs, ra, dec)!;
      expect(Math.abs(p[0] - x)).toBeLessThan(1e-6);
      expect(Math.abs(p[1] - PIXELS.y[i]!)).toBeLessThan(1e-6);
    });
  });

  test("a point on the far side of the tangent plane has no pixel", () => {
    expect(worldToPixel(tanWcsFromHeader(tan)!, 179.3, -12)).toBeNull();
  });
});
