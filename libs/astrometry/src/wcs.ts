import type { Header } from "@panoptes/fits";
import { pixelToWorld, type TanWcs, worldToPixel } from "@panoptes/sky";

/** SIP coefficient keywords (`A_1_2`, `B_0_2`): distortion terms of order p in u and q in v. */
export type SipKeyword = `${"A" | "B"}_${number}_${number}`;

/**
 * A celestial WCS as FITS keywords: TAN projection with a CD matrix (degrees per pixel) and, when fitted,
 * SIP distortion polynomials (A_ORDER, B_ORDER, A_p_q, B_p_q). CRPIX are FITS 1-based pixels of the image
 * the WCS belongs to; CRVAL in degrees (ICRS).
 */
export type WcsKeywords = {
  CTYPE1: string;
  CTYPE2: string;
  CRVAL1: number;
  CRVAL2: number;
  CRPIX1: number;
  CRPIX2: number;
  CD1_1: number;
  CD1_2: number;
  CD2_1: number;
  CD2_2: number;
  A_ORDER?: number;
  B_ORDER?: number;
} & { [key: SipKeyword]: number };

const R2D = 180 / Math.PI;
const SIP_RE = /^([AB])_(\d+)_(\d+)$/;

/**
 * The WCS keywords of a header (CTYPE, CRVAL, CRPIX, and CD, or PC × CDELT), with SIP terms when
 * CTYPE ends in -SIP. Null when the header has no TAN celestial WCS.
 */
export function wcsFromHeader(header: Header): WcsKeywords | null {
  const ctype1 = header.getString("CTYPE1")?.trim();
  const ctype2 = header.getString("CTYPE2")?.trim();
  if (!ctype1 || !ctype2 || !ctype1.startsWith("RA---TAN") || !ctype2.startsWith("DEC--TAN")) return null;
  const num = (k: string): number | undefined => header.getNumber(k);
  const crval1 = num("CRVAL1");
  const crval2 = num("CRVAL2");
  const crpix1 = num("CRPIX1");
  const crpix2 = num("CRPIX2");
  if (crval1 === undefined || crval2 === undefined || crpix1 === undefined || crpix2 === undefined)
    return null;
  let cd: [number, number, number, number];
  if (num("CD1_1") !== undefined || num("CD2_2") !== undefined) {
    cd = [num("CD1_1") ?? 0, num("CD1_2") ?? 0, num("CD2_1") ?? 0, num("CD2_2") ?? 0];
  } else {
    const c1 = num("CDELT1");
    const c2 = num("CDELT2");
    if (c1 === undefined || c2 === undefined) return null;
    cd = [
      c1 * (num("PC1_1") ?? 1),
      c1 * (num("PC1_2") ?? 0),
      c2 * (num("PC2_1") ?? 0),
      c2 * (num("PC2_2") ?? 1),
    ];
  }
  const wcs: WcsKeywords = {
    CTYPE1: ctype1,
    CTYPE2: ctype2,
    CRVAL1: crval1,
    CRVAL2: crval2,
    CRPIX1: crpix1,
    CRPIX2: crpix2,
    CD1_1: cd[0],
    CD1_2: cd[1],
    CD2_1: cd[2],
    CD2_2: cd[3],
  };
  if (ctype1.endsWith("-SIP")) {
    const aOrder = header.getNumber("A_ORDER");
    const bOrder = header.getNumber("B_ORDER");
    if (aOrder !== undefined) wcs.A_ORDER = aOrder;
    if (bOrder !== undefined) wcs.B_ORDER = bOrder;
    for (const card of header.cards) {
      const m = SIP_RE.exec(card.keyword);
      if (m === null) continue;
      const value = header.getNumber(card.keyword);
      if (value !== undefined && value !== 0) wcs[card.keyword as SipKeyword] = value;
    }
  }
  return wcs;
}

/**
 * The same WCS as libs/sky's {@link TanWcs}, whose pixel ↔ sky conversions both the solver and the viewer use.
 * SIP matrices are sized by A_ORDER/B_ORDER, or by the highest term present when a WCS made in code has none.
 */
export function toTanWcs(wcs: WcsKeywords): TanWcs {
  const sip = (axis: "A" | "B"): number[][] => {
    const terms: { p: number; q: number; c: number }[] = [];
    for (const [key, value] of Object.entries(wcs)) {
      const m = SIP_RE.exec(key);
      if (m !== null && m[1] === axis && typeof value === "number")
        terms.push({ p: Number(m[2]), q: Number(m[3]), c: value });
    }
    const order = Math.max(wcs[`${axis}_ORDER`] ?? 0, ...terms.map((t) => t.p + t.q));
    const matrix = Array.from({ length: order + 1 }, (_, p) => new Array<number>(order + 1 - p).fill(0));
    for (const t of terms) matrix[t.p]![t.q] = t.c;
    return matrix;
  };
  const a = sip("A");
  const b = sip("B");
  const distorted = a.length > 1 || b.length > 1 || a[0]![0] !== 0 || b[0]![0] !== 0;
  return {
    crpix: [wcs.CRPIX1, wcs.CRPIX2],
    crval: [wcs.CRVAL1, wcs.CRVAL2],
    cd: [
      [wcs.CD1_1, wcs.CD1_2],
      [wcs.CD2_1, wcs.CD2_2],
    ],
    sip: distorted ? { a, b } : null,
  };
}

/** A compiled WCS: pixel ↔ sky conversions (FITS 1-based pixels, degrees). */
export interface Projection {
  /** RA/Dec (degrees, RA in [0, 360)) of FITS 1-based pixel (x, y). */
  pixelToSky(x: number, y: number): { ra: number; dec: number };
  /** FITS 1-based pixel of RA/Dec (degrees); null for a point on the far hemisphere. */
  skyToPixel(ra: number, dec: number): { x: number; y: number } | null;
}

/**
 * The pixel ↔ sky functions of a TAN or TAN-SIP WCS: libs/sky's {@link pixelToWorld} and {@link worldToPixel}
 * (the SIP inverse by iteration, not AP/BP).
 */
export function projection(wcs: WcsKeywords): Projection {
  const tan = toTanWcs(wcs);
  return {
    pixelToSky(x, y) {
      const [ra, dec] = pixelToWorld(tan, x, y);
      return { ra, dec };
    },
    skyToPixel(ra, dec) {
      const p = worldToPixel(tan, ra, dec);
      return p && { x: p[0], y: p[1] };
    },
  };
}

/** Pixel scale in arcseconds per pixel: sqrt(|det CD|). */
export function pixelScale(wcs: WcsKeywords): number {
  return Math.sqrt(Math.abs(wcs.CD1_1 * wcs.CD2_2 - wcs.CD1_2 * wcs.CD2_1)) * 3600;
}

/**
 * Rotation in degrees [0, 360): the position angle of the image's +y axis, east of north (what
 * solve-field prints as "up is … degrees E of N").
 */
export function rotation(wcs: WcsKeywords): number {
  const angle = Math.atan2(wcs.CD1_2, wcs.CD2_2) * R2D;
  return ((angle % 360) + 360) % 360;
}
