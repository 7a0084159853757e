import { projection, readFrame, type WcsKeywords } from "@panoptes/astrometry";
import { bufferByteSource, type Header } from "@panoptes/fits";
import {
  altitudeAirmass,
  blendedStars,
  type FieldStar,
  type MeasuredFrame,
  measureFrame,
  type PhotometryParams,
  type Site,
  STORED_PATTERNS,
  type StoredPattern,
} from "@panoptes/photometry";
import { errorKind } from "@panoptes/platform";
import type { RunParameters } from "./parameters";

/** A solved frame of the observation, before its pixels are read. */
export interface FrameInput {
  image_id: string;
  /** exposure start, UTC */
  time: Date;
  /** seconds; the mid-exposure time is `time + exptime / 2` */
  exptime: number | null;
  /** the plate solution (FITS 1-based pixels of the stored image) */
  wcs: WcsKeywords;
  /** the stored object's bytes (plain or fpacked FITS) */
  read(): Promise<Uint8Array>;
}

/** The Bayer pattern a header declares (BAYERPAT, or FILTER when it names one, as POCS writes), else null. */
export function headerPattern(header: Header): StoredPattern | null {
  for (const keyword of ["BAYERPAT", "FILTER"]) {
    const v = header.getString(keyword)?.trim().toUpperCase();
    if (v && (STORED_PATTERNS as readonly string[]).includes(v)) return v as StoredPattern;
  }
  return null;
}

/** The observing site from a POCS header (LAT-OBS, LONG-OBS, ELEV-OBS), or null when it is missing. */
export function headerSite(header: Header): Site | null {
  const latitude = header.getNumber("LAT-OBS");
  const longitude = header.getNumber("LONG-OBS");
  if (latitude === undefined || longitude === undefined) return null;
  return { latitude, longitude, elevation: header.getNumber("ELEV-OBS") ?? 0 };
}

/** A frame that could not be measured: a reason the run records (`unreadable: ...`). */
export class FrameUnreadableError extends Error {
  readonly code = "frame-unreadable";
  readonly kind = "permanent" as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FrameUnreadableError";
  }
}

/**
 * Measures one frame: reads and decompresses it once, projects the catalogue through its WCS, measures every star
 * that falls on it (flags from libs/photometry plus `blended` for a close neighbour) and returns the measurements;
 * the pixels are dropped when it returns. `site` (when known) gives the airmass towards the frame centre at
 * mid-exposure; the header's AIRMASS otherwise. The header's site is returned for runs whose unit has none.
 * Throws FrameUnreadableError for a file that does not read as a 2-D image.
 */
export async function measureSolvedFrame(
  input: FrameInput,
  field: readonly FieldStar[],
  params: RunParameters,
  site: Site | null,
): Promise<{ frame: MeasuredFrame; site: Site | null; onFrame: number }> {
  let bytes: Uint8Array | null;
  try {
    bytes = await input.read();
  } catch (err) {
    // A missing object or a refused size can never be read; a Storage outage is retried by the caller.
    if (err instanceof FrameUnreadableError) throw err;
    if (errorKind(err) === "permanent")
      throw new FrameUnreadableError(`unreadable: ${(err as Error).message}`, { cause: err });
    throw err;
  }
  let frame;
  try {
    frame = await readFrame(bufferByteSource(bytes));
  } catch (err) {
    throw new FrameUnreadableError(`unreadable: ${(err as Error).message}`, { cause: err });
  }
  bytes = null;
  const { width, height, header } = frame;
  const photometry: PhotometryParams = {
    ...params.photometry,
    pattern: (params.patternFromHeader ? headerPattern(header) : null) ?? params.photometry.pattern,
  };
  const proj = projection(input.wcs);
  const positions: Array<{ id: string; x: number; y: number; mag: number }> = [];
  for (const star of field) {
    const p = proj.skyToPixel(star.ra, star.dec);
    if (p === null) continue;
    const x = p.x - 1;
    const y = p.y - 1;
    if (x < 0 || y < 0 || x > width - 1 || y > height - 1) continue;
    positions.push({ id: star.id, x, y, mag: star.vmag });
  }
  const measured = measureFrame(frame.pixels, width, height, positions, photometry);
  const blended = blendedStars(positions, 2 * params.blendRadii * params.photometry.apertureRadius);
  for (const m of measured) if (blended.has(m.id) && !m.flags.includes("blended")) m.flags.push("blended");
  const mid = new Date(input.time.getTime() + ((input.exptime ?? 0) * 1000) / 2);
  const frameSite = site ?? headerSite(header);
  const centre = proj.pixelToSky((width + 1) / 2, (height + 1) / 2);
  const airmass = frameSite
    ? altitudeAirmass(mid, centre.ra, centre.dec, frameSite).airmass
    : (header.getNumber("AIRMASS") ?? null);
  return {
    frame: { frame_id: input.image_id, time: mid, airmass, stars: measured },
    site: frameSite,
    onFrame: positions.length,
  };
}
