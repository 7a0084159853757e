import { type CatalogStar, readIndexStars, type WcsKeywords } from "@panoptes/astrometry";
import { formatTimestamp, parseTimestamp } from "@panoptes/models";
import path from "node:path";
import type { ImageSpec } from "./image-spec";
import { gaussianSample, seededRandom } from "./random";
import { DEMO_SKY_SPEC, makeSkyFrame, TYCHO2_INDEX } from "./sky-frame";

/**
 * The demo's transit observation: PAN001 pointed at HD 189733 (a real V = 7.7 star of the Tycho-2 index, the host of
 * a hot Jupiter whose transit dims it by ~2.4%), frames of real sky with the camera's noise, the mount drifting,
 * and a transit injected into the target. `npm start` uploads it; the pipeline solves and measures it.
 */
export const DEMO_TRANSIT = {
  /** as POCS writes FIELD; position of the Tycho-2 star (ICRS, degrees) */
  target: { name: "HD 189733", ra: 300.18213, dec: 22.71085 },
  depth: 0.024,
  frames: 36,
  /** seconds between exposure starts; exposures of `exptime` s */
  cadence: 90,
  exptime: 60,
  /** stored pixels: small enough for a quick solve, large enough for ~80 catalogue stars at 10.3″/px */
  size: { width: 1200, height: 800 },
  unit_id: "PAN001",
  camera_id: "5c1e57",
  sequence_time: "20240820T080000",
  /** frames [ingress, egress) are in transit (the middle third), one frame of ingress and of egress at half depth */
  transit: { ingress: 12, egress: 24 },
  /** the mount's drift over the whole sequence, degrees on the sky (east, north) */
  drift: { east: 0.12, north: -0.06 },
} as const;

/** The demo transit observation's sequence id (`PAN001_5c1e57_20240820T080000`). */
export const DEMO_TRANSIT_SEQUENCE_ID = `${DEMO_TRANSIT.unit_id}_${DEMO_TRANSIT.camera_id}_${DEMO_TRANSIT.sequence_time}`;

/** One generated frame of the demo transit sequence and what was injected. */
export interface TransitFrame {
  index: number;
  spec: ImageSpec;
  /** FITS bytes as a unit uploads them (uncompressed uint16) */
  bytes: Uint8Array;
  pixels: Uint16Array;
  truth: WcsKeywords;
  /** the fraction of the target's light blocked in this frame (0 out of transit) */
  dimming: number;
}

/** The fraction of the target's light blocked in frame `k`: the depth inside, half at the first and last frame. */
export function transitDimming(k: number): number {
  const { ingress, egress } = DEMO_TRANSIT.transit;
  if (k < ingress || k >= egress) return 0;
  return k === ingress || k === egress - 1 ? DEMO_TRANSIT.depth / 2 : DEMO_TRANSIT.depth;
}

/** Airmass (plane-parallel, sec z) of (ra, dec) for a site at a UTC time; degrees in, null below the horizon. */
export function siteAirmass(
  time: Date,
  ra: number,
  dec: number,
  site: { latitude: number; longitude: number },
): number | null {
  const jd = time.getTime() / 86_400_000 + 2440587.5;
  const gmst = (280.46061837 + 360.98564736629 * (jd - 2451545)) % 360;
  const rad = Math.PI / 180;
  const hourAngle = (gmst + site.longitude - ra) * rad;
  const sinAlt =
    Math.sin(site.latitude * rad) * Math.sin(dec * rad) +
    Math.cos(site.latitude * rad) * Math.cos(dec * rad) * Math.cos(hourAngle);
  return sinAlt > 0 ? 1 / sinAlt : null;
}

/**
 * The header fields of frame `k` of the demo transit sequence: exposure start every `cadence` seconds from 30 s after
 * the sequence start, FIELD `HD 189733`, AIRMASS of the target from the site at mid-exposure.
 */
export function demoTransitSpec(k: number): ImageSpec {
  const t = DEMO_TRANSIT;
  const time = new Date(parseTimestamp(t.sequence_time).getTime() + (30 + k * t.cadence) * 1000);
  const mid = new Date(time.getTime() + (t.exptime / 2) * 1000);
  return {
    ...DEMO_SKY_SPEC,
    unit_id: t.unit_id,
    camera_id: t.camera_id,
    sequence_time: t.sequence_time,
    image_time: formatTimestamp(time),
    field: t.target.name,
    exptime: t.exptime,
    airmass: Math.round((siteAirmass(mid, t.target.ra, t.target.dec, DEMO_SKY_SPEC) ?? 0) * 1e4) / 1e4,
  };
}

/**
 * The demo transit sequence, frame by frame (each frame is made when asked for, so the caller holds one at a time):
 * Tycho-2 stars of `indexDir` (Debian: /usr/share/astrometry) around HD 189733 through a TAN WCS that drifts, the
 * same stars and colours in every frame (a fixed field seed), photon and read noise of the camera (bias 2048 ADU,
 * gain 1.5 e⁻/ADU, read noise 10.5 e⁻), transparency jitter of 0.3%, the target dimmed by `transitDimming`, and
 * the POCS header (FIELD `HD 189733`, DATE-OBS, AIRMASS from the site and time). `only` picks frame indices.
 */
export async function* demoTransitFrames(
  options: { indexDir?: string; only?: readonly number[] } = {},
): AsyncGenerator<TransitFrame> {
  const t = DEMO_TRANSIT;
  const radius = (Math.hypot(t.size.width, t.size.height) * 10.3) / 3600 / 2 + 0.5;
  const catalog: CatalogStar[] = await readIndexStars(
    path.join(options.indexDir ?? "/usr/share/astrometry", TYCHO2_INDEX),
    { ra: t.target.ra, dec: t.target.dec, radius },
  );
  const isTarget = (s: CatalogStar) =>
    Math.abs(s.dec - t.target.dec) < 0.001 && Math.abs(s.ra - t.target.ra) < 0.001;
  if (!catalog.some(isTarget)) throw new Error(`${t.target.name} is not in ${TYCHO2_INDEX}`);
  const jitter = seededRandom(189733);
  const cosDec = Math.cos((t.target.dec * Math.PI) / 180);
  for (let k = 0; k < t.frames; k++) {
    // draw every frame's transparency in order, so a frame's sky does not depend on which frames are asked for
    const transparency = 1 + 0.003 * gaussianSample(jitter);
    if (options.only && !options.only.includes(k)) continue;
    // the mount drifts through the target: the sequence's median pointing is the target, as units centre it
    const f = k / (t.frames - 1) - 0.5;
    const spec = demoTransitSpec(k);
    const dimming = transitDimming(k);
    const frame = makeSkyFrame({
      ...t.size,
      ra: t.target.ra + (t.drift.east * f) / cosDec,
      dec: t.target.dec + t.drift.north * f,
      catalog,
      // fainter than makeSkyFrame's default so that the V = 7.7 target stays below saturation (11530 ADU)
      fluxV10: 8000,
      sky: 300,
      // no uncatalogued stars: makeSkyFrame places them in pixels, so they would not follow the sky as the mount drifts
      faintDensity: 0,
      pattern: "GBRG",
      seed: 1000 + k,
      fieldSeed: 189733,
      transparency,
      brightness: (s) => (isTarget(s) ? 1 - dimming : 1),
      mountOffset: { ra: 0.2, dec: -0.15 },
      spec,
    });
    yield { index: k, spec, bytes: frame.bytes, pixels: frame.pixels, truth: frame.truth, dimming };
  }
}
