import { type CatalogStar, projection, readIndexStars, type WcsKeywords } from "@panoptes/astrometry";
import path from "node:path";
import { writeImage } from "@panoptes/fits";
import type { ImageSpec } from "./image-spec";
import { gaussianSample, seededRandom } from "./random";
import { panoptesCards } from "./panoptes-fits";

/** Camera constants of a PANOPTES Canon EOS 100D (ADU, electrons). */
export const CAMERA = { bias: 2048, gain: 1.5, readNoise: 10.5, saturation: 11530 } as const;

/** Relative quantum efficiency of the R, G, B photosites (for a solar-type star). */
const RESPONSE = { R: 0.55, G: 1, B: 0.75 } as const;
/** Colour of the four sites of a 2×2 cell, in memory order (row 1 first): (1,1), (2,1), (1,2), (2,2). */
const PATTERNS = { RGGB: ["R", "G", "G", "B"], GBRG: ["G", "B", "R", "G"] } as const;

/** What a generated frame of real sky shows. Angles in degrees, scale in arcsec per pixel. */
export interface SkyFrameOptions {
  /** Stored image size in pixels (PANOPTES: 5208 × 3476). */
  readonly width: number;
  readonly height: number;
  /** The true frame centre (CRVAL at the central pixel). */
  readonly ra: number;
  readonly dec: number;
  /** Position angle of the image's +y axis, east of north (default 0). */
  readonly rotation?: number;
  /** Pixel scale (default 10.3″/px). */
  readonly scale?: number;
  /** Mount pointing written to RA-MNT/DEC-MNT, as an offset from the truth (default 0.4°, -0.3°). */
  readonly mountOffset?: { readonly ra: number; readonly dec: number };
  /** Catalogue stars around the field (e.g. readIndexStars of a Tycho-2 index). */
  readonly catalog: readonly CatalogStar[];
  /** Uncatalogued fainter stars per square degree, V 10.5-13.5 (default 40). */
  readonly faintDensity?: number;
  /** PSF full width at half maximum, pixels (default 2.6). */
  readonly fwhm?: number;
  /** Sky background, electrons per pixel (default 1500). */
  readonly sky?: number;
  /** Electrons (all four photosites) of a V = 10 star in the exposure (default 60,000). */
  readonly fluxV10?: number;
  /** Seeds the photon and read noise (and, without `fieldSeed`, the stars' colours and the faint stars). */
  readonly seed?: number;
  /**
   * Seeds what belongs to the sky rather than to the exposure: the stars' colours and the faint stars, so the
   * frames of a sequence show the same stars (each frame then takes its own `seed` for the noise).
   */
  readonly fieldSeed?: number;
  /** A factor on each catalogue star's flux (a transit, a variable star); default 1 */
  readonly brightness?: (star: CatalogStar) => number;
  /** The Bayer pattern of the mosaic from the first stored pixel (libs/photometry reads PANOPTES frames as GBRG); default RGGB */
  readonly pattern?: keyof typeof PATTERNS;
  /** A factor on every star's flux: the sky's transparency (thin cloud); default 1 */
  readonly transparency?: number;
  /** Header fields (ids, times, site); RA/Dec are replaced by the mount pointing. */
  readonly spec: ImageSpec;
}

/** A generated frame: FITS bytes (uncompressed uint16), its true WCS and what was drawn. */
export interface SkyFrame {
  readonly bytes: Uint8Array;
  readonly pixels: Uint16Array;
  readonly truth: WcsKeywords;
  /** Catalogue stars that fell on the frame, and uncatalogued ones. */
  readonly catalogStars: number;
  readonly faintStars: number;
}

/** The TAN WCS of a frame centred on (ra, dec) with this rotation and scale, CRPIX at the central pixel. */
export function frameWcs(options: {
  width: number;
  height: number;
  ra: number;
  dec: number;
  rotation?: number;
  scale?: number;
}): WcsKeywords {
  const s = (options.scale ?? 10.3) / 3600;
  const t = ((options.rotation ?? 0) * Math.PI) / 180;
  return {
    CTYPE1: "RA---TAN",
    CTYPE2: "DEC--TAN",
    CRVAL1: options.ra,
    CRVAL2: options.dec,
    CRPIX1: (options.width + 1) / 2,
    CRPIX2: (options.height + 1) / 2,
    CD1_1: -s * Math.cos(t),
    CD1_2: s * Math.sin(t),
    CD2_1: s * Math.sin(t),
    CD2_2: s * Math.cos(t),
  };
}

/**
 * A PANOPTES-like frame of real sky, for injection and recovery: catalogue stars projected through a
 * known TAN WCS, uncatalogued fainter stars, a Gaussian PSF on the RGGB mosaic, sky, Poisson and read
 * noise, gain 1.5 e⁻/ADU, bias 2048 ADU, saturation at 11530 ADU, and the POCS header of `spec` with
 * RA-MNT/DEC-MNT near (not at) the truth. Deterministic for a seed.
 */
export function makeSkyFrame(options: SkyFrameOptions): SkyFrame {
  const { width, height } = options;
  const random = seededRandom(options.seed ?? 1);
  const fieldRandom = options.fieldSeed === undefined ? random : seededRandom(options.fieldSeed);
  const gauss = (): number => gaussianSample(random);
  const truth = frameWcs(options);
  const proj = projection(truth);
  const electrons = new Float32Array(width * height).fill(options.sky ?? 1500);
  const sigma = (options.fwhm ?? 2.6) / 2.3548;
  const sites = PATTERNS[options.pattern ?? "RGGB"];
  const fluxV10 = options.fluxV10 ?? 60000;
  const draw = (x: number, y: number, mag: number, factor = 1): void => {
    const total = fluxV10 * 10 ** (-0.4 * (mag - 10)) * factor * (options.transparency ?? 1);
    // A star's colour: the red/blue response varies ±20% from star to star.
    const colour = 1 + (fieldRandom() - 0.5) * 0.4;
    const cx = x - 1;
    const cy = y - 1;
    const norm = ((total / (2 * Math.PI * sigma * sigma)) * 4) / 3.3;
    // Draw out to where the profile falls below 0.2 e⁻, so bright stars have no square edge.
    const r = Math.ceil(sigma * Math.sqrt(2 * Math.log(Math.max(norm, 1) / 0.2))) + 1;
    const ix = Math.round(cx);
    const iy = Math.round(cy);
    for (let py = Math.max(0, iy - r); py <= Math.min(height - 1, iy + r); py++) {
      for (let px = Math.max(0, ix - r); px <= Math.min(width - 1, ix + r); px++) {
        const site = sites[(py & 1) * 2 + (px & 1)]!;
        const response = RESPONSE[site] * (site === "R" ? colour : site === "B" ? 2 - colour : 1);
        const g = Math.exp(-((px - cx) ** 2 + (py - cy) ** 2) / (2 * sigma * sigma));
        electrons[py * width + px]! += norm * response * g;
      }
    }
  };
  let catalogStars = 0;
  for (const star of options.catalog) {
    const p = proj.skyToPixel(star.ra, star.dec);
    if (p === null || p.x < -5 || p.y < -5 || p.x > width + 5 || p.y > height + 5) continue;
    draw(p.x, p.y, star.mag, options.brightness?.(star) ?? 1);
    catalogStars++;
  }
  const area = (width * height * (options.scale ?? 10.3) ** 2) / 3600 ** 2;
  const faintStars = Math.round(area * (options.faintDensity ?? 40));
  for (let i = 0; i < faintStars; i++) {
    // Number counts rise ~×2 per magnitude: inverse-CDF sampling of 10^(0.3 m) on [10.5, 13.5].
    const u = fieldRandom();
    const mag = Math.log10(10 ** (0.3 * 10.5) + u * (10 ** (0.3 * 13.5) - 10 ** (0.3 * 10.5))) / 0.3;
    draw(1 + fieldRandom() * (width - 1), 1 + fieldRandom() * (height - 1), mag);
  }
  const pixels = new Uint16Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const e = electrons[i] as number;
    const noisy = e + gauss() * Math.sqrt(e + CAMERA.readNoise ** 2);
    const adu = CAMERA.bias + noisy / CAMERA.gain;
    pixels[i] = Math.max(0, Math.min(CAMERA.saturation, Math.round(adu)));
  }
  const offset = options.mountOffset ?? { ra: 0.4, dec: -0.3 };
  const mountDec = Math.max(-90, Math.min(90, options.dec + offset.dec));
  const spec: ImageSpec = {
    ...options.spec,
    ra: (((options.ra + offset.ra) % 360) + 360) % 360,
    dec: mountDec,
    solved: false,
  };
  const bytes = writeImage({ pixels, axes: [width, height], header: panoptesCards(spec) });
  return { bytes, pixels, truth, catalogStars, faintStars };
}

/** The fields the plate-solving tests and benchmark generate: ordinary, near a pole, across RA 0/360, rotated. */
export const SKY_FIELDS = {
  ordinary: { ra: 301.5, dec: 44.4, rotation: 0 },
  pole: { ra: 37.9, dec: 88.6, rotation: 30 },
  "ra-wrap": { ra: 359.3, dec: 12.0, rotation: 0 },
  rotated: { ra: 150.2, dec: -35.0, rotation: 127 },
} as const;
export type SkyFieldName = keyof typeof SKY_FIELDS;

/** The Tycho-2 index file whose stars the generated frames show (Debian package astrometry-data-tycho2-10-19). */
export const TYCHO2_INDEX = "index-tycho2-10.littleendian.fits";

/**
 * A generated frame of a named field with the stars of the Tycho-2 index in `indexDir` (Debian:
 * /usr/share/astrometry). Size in stored pixels; 10.3″/px.
 */
export async function realSkyFrame(
  field: SkyFieldName,
  size: { width: number; height: number },
  options: {
    indexDir?: string;
    seed?: number;
    spec?: ImageSpec;
    /** Move the true centre by this much (degrees; a mount drifting over a sequence). */
    drift?: { ra: number; dec: number };
  } = {},
): Promise<SkyFrame> {
  const base = SKY_FIELDS[field];
  const f = {
    ...base,
    ra: (base.ra + (options.drift?.ra ?? 0) + 360) % 360,
    dec: base.dec + (options.drift?.dec ?? 0),
  };
  const radius = (Math.hypot(size.width, size.height) * 10.3) / 3600 / 2 + 0.5;
  const catalog = await readIndexStars(path.join(options.indexDir ?? "/usr/share/astrometry", TYCHO2_INDEX), {
    ra: f.ra,
    dec: f.dec,
    radius,
  });
  return makeSkyFrame({
    ...size,
    ...f,
    catalog,
    seed: options.seed ?? 1,
    spec: options.spec ?? { ...DEMO_SKY_SPEC, field: `sky ${field}` },
  });
}

/** Header fields of generated sky frames when the caller gives none (PAN001 on Mauna Loa, 120 s at ISO 100). */
export const DEMO_SKY_SPEC: ImageSpec = {
  unit_id: "PAN001",
  camera_id: "14d3bd",
  sequence_time: "20240315T060000",
  image_time: "20240315T060030",
  field: "sky",
  ra: 0,
  dec: 0,
  solved: false,
  exptime: 120,
  iso: 100,
  latitude: 19.54,
  longitude: -155.58,
  elevation: 3400,
  camtemp: 12,
  airmass: 1.1,
  moonfrac: 0.3,
  moonsep: 70,
};
