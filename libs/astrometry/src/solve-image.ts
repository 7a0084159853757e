import { type ByteSource, type Header, physicalPixels, readImage } from "@panoptes/fits";
import { type DetectOptions, detectStars } from "./detect";
import { AstrometryError } from "./errors";
import { DEBIAN_INSTALLATION, runSolveField, type SolverInstallation } from "./solve-field";
import { pixelScale, projection, rotation, type WcsKeywords, wcsFromHeader } from "./wcs";
import { writeXylist } from "./xylist";

/** Options of a solve. Scales in arcsec per pixel, angles in degrees, times in seconds. */
export interface SolveOptions {
  /** Expected pixel scale (default 10.3″/px: Canon 100D/EOS behind an 85 mm lens). */
  readonly scale?: number;
  /** Relative tolerance of the scale (default 0.15: ±15%). */
  readonly scaleTolerance?: number;
  /** Radius around RA-MNT/DEC-MNT to search (default 15°); null: search the whole sky. */
  readonly hintRadius?: number | null;
  /** solve-field's CPU limit (default 60 s). */
  readonly cpuLimit?: number;
  /** Stars handed to solve-field, brightest first (default 300). */
  readonly maxStars?: number;
  /** Fewer detected stars than this and the frame is not solved (default 10). */
  readonly minStars?: number;
  /** Detections more elongated than this (major/minor axis; blends of two stars), or than 1.15 × the median of the brightest, are not handed to solve-field (default 1.25). */
  readonly maxElongation?: number;
  /** SIP order fitted by solve-field (default 2; 1: plain TAN). */
  readonly tweakOrder?: number;
  readonly detect?: DetectOptions;
  readonly installation?: SolverInstallation;
}

/**
 * The outcome of a plate solve (the `panoptes solve --json` shape). On success: the frame centre
 * (ra, dec, degrees), pixel scale (″/px), rotation (degrees E of N of the image's +y axis) and the WCS in
 * FITS 1-based pixels of the stored image; otherwise `solved: false`, the reason and nulls.
 */
export interface SolveResult {
  solved: boolean;
  reason?: string;
  ra: number | null;
  dec: number | null;
  pixel_scale: number | null;
  rotation: number | null;
  stars_detected: number;
  /** The index file that matched, e.g. "index-tycho2-11". */
  index: string | null;
  /** Wall-clock seconds of the whole solve (detection and solve-field). */
  seconds: number;
  wcs: WcsKeywords | null;
}

/** A frame to solve: stored pixels (NAXIS1 fastest) and its header. */
export interface Frame {
  readonly pixels: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
  readonly header: Header;
}

/**
 * Plate-solve a PANOPTES frame: detect stars on the RGGB mosaic, hand the brightest to solve-field as an
 * xylist with scale bounds and the mount's pointing (RA-MNT/DEC-MNT) as a hint, and read back the WCS.
 * A frame without enough stars or without a match is `solved: false` with the reason, not an error.
 */
export async function solveFrame(frame: Frame, options: SolveOptions = {}): Promise<SolveResult> {
  const started = performance.now();
  const scale = options.scale ?? 10.3;
  const tolerance = options.scaleTolerance ?? 0.15;
  const minStars = options.minStars ?? 10;
  const detection = detectStars(frame.pixels, frame.width, frame.height, options.detect);
  const stars = detection.stars;
  const unsolved = (reason: string): SolveResult => ({
    solved: false,
    reason,
    ra: null,
    dec: null,
    pixel_scale: null,
    rotation: null,
    stars_detected: stars.length,
    index: null,
    seconds: (performance.now() - started) / 1000,
    wcs: null,
  });
  if (stars.length < minStars) {
    return unsolved(
      `too few stars: ${stars.length} detected above ${options.detect?.thresholdSigma ?? 5} σ, at least ${minStars} needed (clouds, a flat or a closed dome?)`,
    );
  }
  const raHint = frame.header.getNumber("RA-MNT");
  const decHint = frame.header.getNumber("DEC-MNT");
  const radius = options.hintRadius === undefined ? 15 : options.hintRadius;
  const hint =
    radius !== null && raHint !== undefined && decHint !== undefined && Math.abs(decHint) <= 90
      ? { ra: raHint, dec: decHint, radius }
      : undefined;
  // Blends have centroids between their stars, which solve-field's fit does not reject: only round detections go in.
  // A real PSF can be elongated everywhere (optics, tracking): the cut follows the frame's median.
  const bright = stars.slice(0, options.maxStars ?? 300).map((s) => s.elongation);
  const maxElongation = Math.max(options.maxElongation ?? 1.25, 1.15 * medianOf(bright));
  const round = stars.filter((s) => s.elongation <= maxElongation);
  const xylist = writeXylist(round.slice(0, options.maxStars ?? 300), frame.width, frame.height);
  const result = await runSolveField(
    xylist,
    {
      width: frame.width,
      height: frame.height,
      scaleLow: scale * (1 - tolerance),
      scaleHigh: scale * (1 + tolerance),
      hint,
      cpuLimit: options.cpuLimit ?? 60,
      tweakOrder: options.tweakOrder,
    },
    options.installation ?? DEBIAN_INSTALLATION,
  );
  if (!result.solved) return unsolved(result.reason);
  const wcs = wcsFromHeader(result.header);
  if (wcs === null) {
    throw new AstrometryError(
      "SOLVE_FIELD_FAILED",
      "solve-field reported a solution but its .wcs has no TAN WCS",
    );
  }
  const centre = projection(wcs).pixelToSky((frame.width + 1) / 2, (frame.height + 1) / 2);
  return {
    solved: true,
    ra: centre.ra,
    dec: centre.dec,
    pixel_scale: pixelScale(wcs),
    rotation: rotation(wcs),
    stars_detected: stars.length,
    index: result.index,
    seconds: (performance.now() - started) / 1000,
    wcs,
  };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 1 : (sorted[sorted.length >> 1] as number);
}

/**
 * Read a FITS frame (plain or fpacked: the first image HDU) and return its pixels and header for
 * solveFrame. Throws the FITS reader's errors for a corrupt or truncated file, and AstrometryError
 * NOT_AN_IMAGE for an HDU that is not a 2-D image.
 */
export async function readFrame(source: ByteSource): Promise<Frame> {
  const image = await readImage(source, { hdu: "image" });
  if (image.axes.length !== 2 || image.axes[0]! < 16 || image.axes[1]! < 16) {
    throw new AstrometryError(
      "NOT_AN_IMAGE",
      `a plate solve needs a 2-D image of at least 16×16 pixels; HDU ${image.hdu} has axes ${JSON.stringify(image.axes)}`,
    );
  }
  const pixels = physicalPixels(image);
  if (pixels instanceof BigInt64Array || pixels instanceof BigUint64Array) {
    throw new AstrometryError("NOT_AN_IMAGE", "64-bit integer images are not supported for plate solving");
  }
  return { pixels, width: image.axes[0]!, height: image.axes[1]!, header: image.header };
}
