import { normalizeRa, toDegrees, toRadians } from "./angles";

/** A celestial TAN (gnomonic) WCS with optional SIP distortion, as plate solvers write it. Angles in degrees. */
export interface TanWcs {
  /** reference pixel (1-based FITS pixel coordinates) */
  crpix: [number, number];
  /** RA, Dec of the reference point */
  crval: [number, number];
  /** degrees per pixel: [[CD1_1, CD1_2], [CD2_1, CD2_2]] */
  cd: [[number, number], [number, number]];
  /** SIP forward polynomials: coefficient of u^p v^q at [p][q] (A for x, B for y), when present */
  sip: { a: number[][]; b: number[][] } | null;
}

type HeaderValues = Record<string, unknown>;

function numberAt(h: HeaderValues, key: string): number | undefined {
  const v = h[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function sipMatrix(h: HeaderValues, name: "A" | "B"): number[][] | null {
  const order = numberAt(h, `${name}_ORDER`);
  if (order === undefined) return null;
  const m: number[][] = [];
  for (let p = 0; p <= order; p++) {
    m.push([]);
    for (let q = 0; q <= order - p; q++) (m[p] as number[]).push(numberAt(h, `${name}_${p}_${q}`) ?? 0);
  }
  return m;
}

/**
 * The TAN (or TAN-SIP) WCS of a header given as keyword → value (numbers as numbers), or null when it has none:
 * CTYPE1/2 `RA---TAN[-SIP]` / `DEC--TAN[-SIP]`, CRVAL, CRPIX, and CDi_j (or PCi_j × CDELTi).
 */
export function tanWcsFromHeader(h: HeaderValues): TanWcs | null {
  const c1 = String(h.CTYPE1 ?? "");
  const c2 = String(h.CTYPE2 ?? "");
  if (!/^RA---TAN(-SIP)?$/.test(c1.trim()) || !/^DEC--TAN(-SIP)?$/.test(c2.trim())) return null;
  const crval1 = numberAt(h, "CRVAL1");
  const crval2 = numberAt(h, "CRVAL2");
  const crpix1 = numberAt(h, "CRPIX1");
  const crpix2 = numberAt(h, "CRPIX2");
  if (crval1 === undefined || crval2 === undefined || crpix1 === undefined || crpix2 === undefined)
    return null;
  const cdelt1 = numberAt(h, "CDELT1") ?? 1;
  const cdelt2 = numberAt(h, "CDELT2") ?? 1;
  const hasCd = ["CD1_1", "CD1_2", "CD2_1", "CD2_2"].some((k) => numberAt(h, k) !== undefined);
  const cd: TanWcs["cd"] = hasCd
    ? [
        [numberAt(h, "CD1_1") ?? 0, numberAt(h, "CD1_2") ?? 0],
        [numberAt(h, "CD2_1") ?? 0, numberAt(h, "CD2_2") ?? 0],
      ]
    : [
        [(numberAt(h, "PC1_1") ?? 1) * cdelt1, (numberAt(h, "PC1_2") ?? 0) * cdelt1],
        [(numberAt(h, "PC2_1") ?? 0) * cdelt2, (numberAt(h, "PC2_2") ?? 1) * cdelt2],
      ];
  const a = c1.includes("-SIP") ? sipMatrix(h, "A") : null;
  const b = c1.includes("-SIP") ? sipMatrix(h, "B") : null;
  return { crpix: [crpix1, crpix2], crval: [crval1, crval2], cd, sip: a && b ? { a, b } : null };
}

function polynomial(m: number[][], u: number, v: number): number {
  let sum = 0;
  for (let p = 0; p < m.length; p++) {
    const row = m[p] as number[];
    for (let q = 0; q < row.length; q++) sum += (row[q] as number) * u ** p * v ** q;
  }
  return sum;
}

/**
 * RA, Dec (degrees, RA in [0, 360)) of FITS pixel (x, y), 1-based as in FITS and DS9 (astropy's
 * `all_pix2world(x, y, 1)`): SIP distortion, the CD matrix, then the gnomonic projection (LONPOLE 180).
 */
export function pixelToWorld(wcs: TanWcs, x: number, y: number): [number, number] {
  let u = x - wcs.crpix[0];
  let v = y - wcs.crpix[1];
  if (wcs.sip) {
    const du = polynomial(wcs.sip.a, u, v);
    const dv = polynomial(wcs.sip.b, u, v);
    u += du;
    v += dv;
  }
  const xi = toRadians(wcs.cd[0][0] * u + wcs.cd[0][1] * v);
  const eta = toRadians(wcs.cd[1][0] * u + wcs.cd[1][1] * v);
  const ra0 = toRadians(wcs.crval[0]);
  const dec0 = toRadians(wcs.crval[1]);
  const denominator = Math.cos(dec0) - eta * Math.sin(dec0);
  const ra = ra0 + Math.atan2(xi, denominator);
  const dec = Math.atan2(Math.sin(dec0) + eta * Math.cos(dec0), Math.hypot(xi, denominator));
  return [normalizeRa(toDegrees(ra)), toDegrees(dec)];
}

/**
 * FITS pixel (x, y), 1-based, of RA, Dec (degrees): the inverse of {@link pixelToWorld} (astropy's
 * `all_world2pix(ra, dec, 1)`). The SIP distortion is inverted by fixed-point iteration (to 1e-9 pixel), not
 * with AP/BP. Null for a point on the far side of the tangent plane, which has no pixel.
 */
export function worldToPixel(wcs: TanWcs, ra: number, dec: number): [number, number] | null {
  const ra0 = toRadians(wcs.crval[0]);
  const dec0 = toRadians(wcs.crval[1]);
  const r = toRadians(ra) - ra0;
  const d = toRadians(dec);
  const cosC = Math.sin(dec0) * Math.sin(d) + Math.cos(dec0) * Math.cos(d) * Math.cos(r);
  if (cosC <= 0) return null;
  const xi = toDegrees((Math.cos(d) * Math.sin(r)) / cosC);
  const eta = toDegrees((Math.cos(dec0) * Math.sin(d) - Math.sin(dec0) * Math.cos(d) * Math.cos(r)) / cosC);
  const [[a, b], [c, e]] = wcs.cd;
  const det = a * e - b * c;
  const uu = (e * xi - b * eta) / det;
  const vv = (-c * xi + a * eta) / det;
  let u = uu;
  let v = vv;
  if (wcs.sip) {
    for (let i = 0; i < 50; i++) {
      const nu = uu - polynomial(wcs.sip.a, u, v);
      const nv = vv - polynomial(wcs.sip.b, u, v);
      const done = Math.abs(nu - u) < 1e-9 && Math.abs(nv - v) < 1e-9;
      u = nu;
      v = nv;
      if (done) break;
    }
  }
  return [u + wcs.crpix[0], v + wcs.crpix[1]];
}
