import { readCanonMakerNote, type CanonMakerNote } from "./canon-maker-note";
import { readCr2Structure, Cr2Tag } from "./cr2-file";
import { locateRawStrip } from "./raw";
import type { Cr2Slices } from "./slices";
import type { Rational, TiffIfd, TiffReader } from "./tiff";

/** EXIF tags read from the EXIF sub-IFD. */
export const ExifTag = {
  ExposureTime: 0x829a,
  ISO: 0x8827,
  DateTimeOriginal: 0x9003,
  FocalLength: 0x920a,
  MakerNote: 0x927c,
  ExifImageWidth: 0xa002,
  ExifImageHeight: 0xa003,
  FocalPlaneXResolution: 0xa20e,
  FocalPlaneYResolution: 0xa20f,
  FocalPlaneResolutionUnit: 0xa210,
  FocalLengthIn35mmFormat: 0xa405,
  BodySerialNumber: 0xa431,
} as const;

/**
 * CR2 metadata with the values `exiftool -n` reports (names in the comments are exiftool's); null where the
 * file lacks a value.
 */
export interface Cr2Metadata extends Omit<CanonMakerNote, "serialNumber"> {
  /** Make (IFD0). */
  make: string | null;
  /** Model (IFD0). */
  model: string | null;
  /** ISO (EXIF 0x8827). */
  iso: number | null;
  /** ExposureTime in seconds, rounded to 10 significant digits as exiftool prints rationals. */
  exposureTime: number | null;
  /** DateTimeOriginal, "YYYY:MM:DD HH:MM:SS" (camera clock; PANOPTES sets it to UTC). */
  dateTimeOriginal: string | null;
  /**
   * SerialNumber: EXIF 0xA431 BodySerialNumber (a string, newer bodies such as the 100D) when present, else
   * the MakerNote's int32 serial number.
   */
  serialNumber: number | string | null;
  /** RedBalance / BlueBalance: WB_RGGBLevelsAsShot R (or B) over the mean of its two greens. */
  redBalance: number | null;
  blueBalance: number | null;
  /** ScaleFactor35efl and CircleOfConfusion (mm) computed as exiftool's composite tags do. */
  scaleFactor35efl: number | null;
  circleOfConfusion: number | null;
  /** Raw strip of IFD3 (StripOffsets, StripByteCounts) and its slice layout (RawImageSegmentation). */
  rawStripOffset: number | null;
  rawStripByteCounts: number | null;
  rawSlices: Cr2Slices;
}

/** Rounds to `digits` significant digits (exiftool prints rational values with %.10g). */
export function roundSignificant(x: number, digits = 10): number {
  return Number(x.toPrecision(digits));
}

function exifIfd(tiff: TiffReader, ifd0: TiffIfd | undefined): TiffIfd | null {
  const e = ifd0?.entries.get(Cr2Tag.ExifIfd);
  if (!e) return null;
  const off = tiff.numbers(e)[0];
  if (off === undefined) return null;
  try {
    return tiff.readIfd(off);
  } catch {
    return null;
  }
}

/**
 * Canon's sensor diagonal in mm from the stored FocalPlaneX/YResolution rationals, as exiftool's
 * Canon::CalcSensorDiag: numerators are image size × 1000, denominators sensor size in inches × 1000.
 */
export function canonSensorDiagonal(x: Rational | undefined, y: Rational | undefined): number | null {
  if (!x || !y) return null;
  const ok =
    x.numerator % 1000 === 0 &&
    y.numerator % 1000 === 0 &&
    x.numerator >= 640000 &&
    y.numerator >= 480000 &&
    x.numerator < 10000000 &&
    y.numerator < 10000000 &&
    x.denominator >= 61 &&
    x.denominator < 1500 &&
    y.denominator >= 61 &&
    y.denominator < 1000 &&
    x.denominator !== y.denominator;
  return ok ? Math.sqrt(x.denominator * x.denominator + y.denominator * y.denominator) * 0.0254 : null;
}

interface ScaleInputs {
  make: string | null;
  focalLength: number | null;
  focalLength35: number | null;
  digitalZoom: number | null;
  xres: Rational | undefined;
  yres: Rational | undefined;
  focalPlaneXSize: number | null;
  focalPlaneYSize: number | null;
  resolutionUnit: number | null;
  imageSizes: [number | null, number | null][];
}

/** exiftool's Exif::CalcScaleFactor35efl for the inputs a CR2 has; null when it cannot be computed. */
function scaleFactor35efl(p: ScaleInputs): number | null {
  if (p.focalLength && p.focalLength35) return p.focalLength35 / p.focalLength;
  const digz = p.digitalZoom || 1;
  let diag: number | null = p.make === "Canon" ? canonSensorDiagonal(p.xres, p.yres) : null;
  if (!diag && p.focalPlaneXSize && p.focalPlaneYSize) {
    const a = p.focalPlaneXSize / p.focalPlaneYSize;
    if (Math.abs(a - 1.3333) < 0.1 || Math.abs(a - 1.5) < 0.1) {
      diag = Math.sqrt(p.focalPlaneXSize * p.focalPlaneXSize + p.focalPlaneYSize * p.focalPlaneYSize);
    }
  }
  if (!diag) {
    const units = ({ 3: 10, 4: 1, 5: 0.001 } as Record<number, number>)[p.resolutionUnit ?? 0] ?? 25.4;
    const xr = p.xres && p.xres.denominator ? p.xres.numerator / p.xres.denominator : 0;
    const yr = p.yres && p.yres.denominator ? p.yres.numerator / p.yres.denominator : xr;
    if (!xr || !yr) return null;
    const size = p.imageSizes.find(([w, h]) => w && h && w / h > 0.5 && w / h < 2);
    if (!size) return null;
    const w = ((size[0] ?? 0) * units) / xr;
    const h = ((size[1] ?? 0) * units) / yr;
    diag = Math.sqrt(w * w + h * h);
    if (!(diag > 1 && diag < 100)) return null;
  }
  return (Math.sqrt(36 * 36 + 24 * 24) * digz) / diag;
}

/**
 * Reads the metadata of a CR2 (TIFF IFD0, EXIF sub-IFD, Canon MakerNote, raw IFD) without decoding pixels.
 * Works on header-only files; a field the file lacks is null. Throws TiffFormatError only when the TIFF
 * header or IFD0 is unreadable.
 */
export function readCr2Metadata(bytes: Uint8Array): Cr2Metadata {
  const { tiff, ifds, rawIfd } = readCr2Structure(bytes);
  const ifd0 = ifds[0];
  const str = (ifd: TiffIfd | null | undefined, tag: number): string | null => {
    const e = ifd?.entries.get(tag);
    return e ? tiff.string(e) : null;
  };
  const num = (ifd: TiffIfd | null | undefined, tag: number): number | null => {
    const e = ifd?.entries.get(tag);
    const v = e ? tiff.numbers(e)[0] : undefined;
    return v === undefined || Number.isNaN(v) ? null : v;
  };
  const make = str(ifd0, Cr2Tag.Make);
  const model = str(ifd0, Cr2Tag.Model);
  const exif = exifIfd(tiff, ifd0);

  let mn: CanonMakerNote | null = null;
  const mnEntry = exif?.entries.get(ExifTag.MakerNote);
  if (mnEntry && make?.startsWith("Canon")) {
    try {
      mn = readCanonMakerNote(tiff, tiff.readIfd(mnEntry.valueOffset), model ?? "");
    } catch {
      mn = null; // an unreadable MakerNote leaves its fields null
    }
  }
  const empty: CanonMakerNote = {
    serialNumber: null,
    internalSerialNumber: null,
    cameraTemperature: null,
    measuredEV: null,
    measuredEV2: null,
    measuredRGGB: null,
    colorDataVersion: null,
    wbRGGBLevelsAsShot: null,
    colorTempAsShot: null,
    wbRGGBLevelsMeasured: null,
    colorTempMeasured: null,
    averageBlackLevel: null,
    perChannelBlackLevel: null,
    normalWhiteLevel: null,
    specularWhiteLevel: null,
    sensorWidth: null,
    sensorHeight: null,
    sensorLeftBorder: null,
    sensorTopBorder: null,
    sensorRightBorder: null,
    sensorBottomBorder: null,
    focalPlaneXSize: null,
    focalPlaneYSize: null,
    digitalZoomMode: null,
    zoomSourceWidth: null,
    zoomTargetWidth: null,
  };
  const m = mn ?? empty;

  const exposure = num(exif, ExifTag.ExposureTime);
  const body = str(exif, ExifTag.BodySerialNumber);
  const wb = m.wbRGGBLevelsAsShot;
  const greens = wb ? ((wb[1] ?? 0) + (wb[2] ?? 0)) / 2 : 0;
  const rat = (tag: number): Rational | undefined => {
    const e = exif?.entries.get(tag);
    return e ? tiff.rationals(e)[0] : undefined;
  };
  const digitalZoom =
    m.digitalZoomMode === 3 && m.zoomSourceWidth && m.zoomTargetWidth
      ? m.zoomTargetWidth / m.zoomSourceWidth
      : null;
  const sf = scaleFactor35efl({
    make,
    focalLength: num(exif, ExifTag.FocalLength),
    focalLength35: num(exif, ExifTag.FocalLengthIn35mmFormat),
    digitalZoom,
    xres: rat(ExifTag.FocalPlaneXResolution),
    yres: rat(ExifTag.FocalPlaneYResolution),
    focalPlaneXSize: m.focalPlaneXSize,
    focalPlaneYSize: m.focalPlaneYSize,
    resolutionUnit: num(exif, ExifTag.FocalPlaneResolutionUnit),
    imageSizes: [
      [num(exif, ExifTag.ExifImageWidth), num(exif, ExifTag.ExifImageHeight)],
      [num(ifd0, Cr2Tag.ImageWidth), num(ifd0, Cr2Tag.ImageHeight)],
    ],
  });

  let rawStripOffset: number | null = null;
  let rawStripByteCounts: number | null = null;
  let rawSlices: Cr2Slices = null;
  if (rawIfd) {
    rawStripOffset = num(rawIfd, Cr2Tag.StripOffsets);
    rawStripByteCounts = num(rawIfd, Cr2Tag.StripByteCounts);
    try {
      rawSlices = locateRawStrip(bytes).slices;
    } catch {
      const e = rawIfd.entries.get(Cr2Tag.Cr2Slices);
      const v = e ? tiff.numbers(e) : [];
      rawSlices = v.length >= 3 ? [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0] : null;
    }
  }

  return {
    ...m,
    make,
    model,
    iso: num(exif, ExifTag.ISO),
    exposureTime: exposure === null ? null : roundSignificant(exposure),
    dateTimeOriginal: str(exif, ExifTag.DateTimeOriginal),
    serialNumber: body ?? m.serialNumber,
    redBalance: wb && greens ? (wb[0] ?? 0) / greens : null,
    blueBalance: wb && greens ? (wb[3] ?? 0) / greens : null,
    scaleFactor35efl: sf,
    circleOfConfusion: sf ? Math.sqrt(24 * 24 + 36 * 36) / (sf * 1440) : null,
    rawStripOffset,
    rawStripByteCounts,
    rawSlices,
  };
}
