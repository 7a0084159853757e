import { colorDataLayout } from "./canon-color-data";
import type { TiffIfd, TiffReader } from "./tiff";

/** Canon MakerNote tags read by this library (exiftool Canon.pm names). */
export const CanonTag = {
  CameraSettings: 0x0001,
  FocalLength: 0x0002,
  ShotInfo: 0x0004,
  ImageType: 0x0006,
  SerialNumber: 0x000c,
  ModelId: 0x0010,
  InternalSerialNumber: 0x0096,
  MeasuredColor: 0x00aa,
  SensorInfo: 0x00e0,
  ColorData: 0x4001,
} as const;

/** MakerNote values, decoded the way `exiftool -n` reports them; null where the file lacks them. */
export interface CanonMakerNote {
  serialNumber: number | null;
  internalSerialNumber: string | null;
  cameraTemperature: number | null;
  measuredEV: number | null;
  measuredEV2: number | null;
  measuredRGGB: number[] | null;
  colorDataVersion: number | null;
  wbRGGBLevelsAsShot: number[] | null;
  colorTempAsShot: number | null;
  wbRGGBLevelsMeasured: number[] | null;
  colorTempMeasured: number | null;
  averageBlackLevel: number[] | null;
  perChannelBlackLevel: number[] | null;
  normalWhiteLevel: number | null;
  specularWhiteLevel: number | null;
  sensorWidth: number | null;
  sensorHeight: number | null;
  sensorLeftBorder: number | null;
  sensorTopBorder: number | null;
  sensorRightBorder: number | null;
  sensorBottomBorder: number | null;
  /** FocalLength record: focal-plane size in mm (exiftool FocalPlaneX/YSize), null when absent or < 40 raw. */
  focalPlaneXSize: number | null;
  focalPlaneYSize: number | null;
  /** CameraSettings DigitalZoom / ZoomSourceWidth / ZoomTargetWidth (for exiftool's DigitalZoom composite). */
  digitalZoomMode: number | null;
  zoomSourceWidth: number | null;
  zoomTargetWidth: number | null;
}

const int16 = (v: number): number => (v << 16) >> 16;

/** Reads the int16 array of a binary record, optionally checking Canon's "first element = byte size" rule. */
function record(tiff: TiffReader, ifd: TiffIfd, tag: number, validateSize: boolean): number[] | null {
  const e = ifd.entries.get(tag);
  if (!e || !tiff.inFile(e) || e.byteLength < 2) return null;
  const n = Math.floor(e.byteLength / 2);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(tiff.u16(e.valueOffset + 2 * i));
  if (validateSize && out[0] !== e.byteLength) return null;
  return out;
}

const at = (a: number[] | null, i: number): number | null => (a && i < a.length ? (a[i] ?? null) : null);
const slice = (a: number[] | null, i: number, n: number, signed: boolean): number[] | null => {
  if (!a || i + n > a.length) return null;
  return a.slice(i, i + n).map((v) => (signed ? int16(v) : v));
};

/**
 * Decodes the Canon MakerNote IFD. `model` is the EXIF Model (exiftool reads CameraTemperature from ShotInfo
 * only for EOS models other than the original 1D/1Ds).
 */
export function readCanonMakerNote(tiff: TiffReader, ifd: TiffIfd, model: string): CanonMakerNote {
  const shot = record(tiff, ifd, CanonTag.ShotInfo, false);
  const shotAt = (i: number): number | null => {
    const v = at(shot, i);
    return v === null ? null : int16(v);
  };
  const ev = shotAt(3);
  const temp = shotAt(12);
  const ev2 = shotAt(23);
  const measured = record(tiff, ifd, CanonTag.MeasuredColor, true);
  const sensor = record(tiff, ifd, CanonTag.SensorInfo, true);
  const sensorAt = (i: number): number | null => {
    const v = at(sensor, i);
    return v === null ? null : int16(v);
  };
  const focal = record(tiff, ifd, CanonTag.FocalLength, false);
  // exiftool decodes these only for PowerShots and the older EOS models listed in Canon.pm
  const planeSizeValid =
    !/EOS/.test(model) ||
    /\b(1DS?|5D|D30|D60|10D|20D|30D|K236)$/.test(model) ||
    /\b((300D|350D|400D) DIGITAL|REBEL( XTi?)?|Kiss Digital( [NX])?)$/.test(model);
  const planeSize = (i: number): number | null => {
    const v = planeSizeValid ? at(focal, i) : null;
    return v === null || v < 40 ? null : (v * 25.4) / 1000;
  };
  const settings = record(tiff, ifd, CanonTag.CameraSettings, false);
  const settingAt = (i: number): number | null => {
    const v = at(settings, i);
    return v === null ? null : int16(v);
  };

  const serialE = ifd.entries.get(CanonTag.SerialNumber);
  const serial = serialE ? (tiff.numbers(serialE)[0] ?? null) : null;
  const internalE = ifd.entries.get(CanonTag.InternalSerialNumber);
  const internal = internalE && !/EOS 5D/.test(model) ? tiff.string(internalE).replace(/\xff+$/, "") : null;

  const color = record(tiff, ifd, CanonTag.ColorData, false);
  const layout = color ? colorDataLayout(color.length, color[0] ?? 0) : null;
  const c = (i: number | null | undefined, n: number, signed: boolean): number[] | null =>
    layout && i !== null && i !== undefined ? slice(color, i, n, signed) : null;
  const c1 = (i: number | null | undefined, signed: boolean): number | null => c(i, 1, signed)?.[0] ?? null;

  return {
    serialNumber: serial,
    internalSerialNumber: internal,
    cameraTemperature: temp && /EOS/.test(model) && !/EOS-1DS?$/.test(model) ? temp - 128 : null,
    measuredEV: ev === null ? null : ev / 32 + 5,
    measuredEV2: ev2 ? ev2 / 8 - 6 : null,
    measuredRGGB: slice(measured, 1, 4, false),
    colorDataVersion: layout?.version ?? null,
    wbRGGBLevelsAsShot: c(layout?.asShot, 4, true),
    colorTempAsShot: c1(layout?.colorTempAsShot, true),
    wbRGGBLevelsMeasured: c(layout?.measured, 4, true),
    colorTempMeasured: c1(layout?.colorTempMeasured, true),
    averageBlackLevel: c(layout?.averageBlackLevel, 4, false),
    perChannelBlackLevel: c(layout?.perChannelBlackLevel, 4, false),
    normalWhiteLevel: c1(layout?.normalWhiteLevel, false),
    specularWhiteLevel: c1(layout?.specularWhiteLevel, false),
    sensorWidth: sensorAt(1),
    sensorHeight: sensorAt(2),
    sensorLeftBorder: sensorAt(5),
    sensorTopBorder: sensorAt(6),
    sensorRightBorder: sensorAt(7),
    sensorBottomBorder: sensorAt(8),
    focalPlaneXSize: planeSize(2),
    focalPlaneYSize: planeSize(3),
    digitalZoomMode: settingAt(12),
    zoomSourceWidth: settingAt(36),
    zoomTargetWidth: settingAt(37),
  };
}
