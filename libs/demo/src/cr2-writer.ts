import {
  colorDataLayout,
  type Cr2Slices,
  EOS_100D_COLOR_DATA,
  ExifTag,
  mosaicToSliceStream,
  TiffType,
  validateSlices,
} from "@panoptes/cr2";
import { WriterInputError } from "./errors";
import { encodeLjpeg } from "./ljpeg-encode";
import { ifdByteLength, type IfdEntrySpec, writeIfd } from "./tiff-builder";

/** Metadata the test writer records (all optional; defaults describe a PANOPTES EOS 100D night exposure). */
export interface TestCr2Metadata {
  make: string;
  model: string;
  iso: number;
  /** Exposure time as a TIFF rational [numerator, denominator] in seconds. */
  exposureTime: readonly [number, number];
  /** EXIF format "YYYY:MM:DD HH:MM:SS". */
  dateTimeOriginal: string;
  /** MakerNote 0x000C SerialNumber (int32u); omitted when null. */
  serialNumber: number | null;
  /** EXIF 0xA431 BodySerialNumber (string); omitted when null. */
  bodySerialNumber: string | null;
  internalSerialNumber: string;
  /** Degrees Celsius (ShotInfo[12] = t + 128). */
  cameraTemperature: number;
  /** ShotInfo[3] = (ev − 5) × 32, rounded. */
  measuredEV: number;
  /** ShotInfo[23] = (ev + 6) × 8, rounded. */
  measuredEV2: number;
  measuredRGGB: readonly [number, number, number, number];
  wbRGGBLevelsAsShot: readonly [number, number, number, number];
  colorTempAsShot: number;
  wbRGGBLevelsMeasured: readonly [number, number, number, number];
  colorTempMeasured: number;
  averageBlackLevel: readonly [number, number, number, number];
  perChannelBlackLevel: readonly [number, number, number, number];
  normalWhiteLevel: number;
  specularWhiteLevel: number;
  /** SensorInfo: width, height, left, top, right, bottom border (right/bottom inclusive, as Canon stores them). */
  sensor: { width: number; height: number; left: number; top: number; right: number; bottom: number };
  /** EXIF FocalPlaneX/YResolution as stored rationals (Canon: image size × 1000 / sensor size in inches × 1000). */
  focalPlaneXResolution: readonly [number, number];
  focalPlaneYResolution: readonly [number, number];
  /** CanonModelID (MakerNote 0x0010). */
  canonModelId: number;
}

/** What `writeTestCr2` needs: the raw mosaic and how to encode it. */
export interface TestCr2Options {
  /** Raw frame columns (borders included); must be a multiple of `components`. */
  width: number;
  /** Raw frame rows. */
  height: number;
  /** Sample precision: 12 or 14 for Canon (2..16 accepted). */
  bits: number;
  /** Lossless JPEG components per line: 2 or 4 as Canon writes (1..4 accepted). */
  components: number;
  /** CR2 slice layout written as tag 0xC640, or null for none. */
  slices: Cr2Slices;
  /** Row-major raw values, width × height. */
  pixels: Uint16Array;
  /** Lossless JPEG predictor, default 1 (Canon's). */
  predictor?: number;
  /** Restart interval in MCUs (a multiple of the frame width), default none. */
  restartInterval?: number;
  /** Huffman tables: 1 shared, or 2 (component 0, the rest); default 2. */
  huffmanTables?: 1 | 2;
  metadata?: Partial<TestCr2Metadata>;
}

/** Defaults: a PANOPTES-like EOS 100D frame (values in the range real units record). */
export const DEFAULT_TEST_METADATA: TestCr2Metadata = {
  make: "Canon",
  model: "Canon EOS 100D",
  iso: 100,
  exposureTime: [301, 10],
  dateTimeOriginal: "2016:09:09 08:14:34",
  serialNumber: null,
  bodySerialNumber: "012070048413",
  internalSerialNumber: "HA0028608",
  cameraTemperature: 13,
  measuredEV: -3.625,
  measuredEV2: -3.625,
  measuredRGGB: [474, 1024, 1024, 718],
  wbRGGBLevelsAsShot: [2068, 1024, 1024, 1520],
  colorTempAsShot: 5200,
  wbRGGBLevelsMeasured: [1890, 1024, 1024, 1710],
  colorTempMeasured: 5413,
  averageBlackLevel: [2048, 2048, 2048, 2048],
  perChannelBlackLevel: [2047, 2048, 2048, 2047],
  normalWhiteLevel: 11765,
  specularWhiteLevel: 12277,
  sensor: { width: 5280, height: 3528, left: 84, top: 64, right: 5267, bottom: 3519 },
  focalPlaneXResolution: [5184000, 905],
  focalPlaneYResolution: [3456000, 603],
  canonModelId: 0x80000346,
};

/** The EXIF tags the reader knows, and the few more a camera writes. */
const EXIF = { ...ExifTag, FNumber: 0x829d, ExifVersion: 0x9000, CreateDate: 0x9004 } as const;

/** A minimal baseline JPEG (SOI, 8×8×3 SOF0, SOS, EOI) standing in for the preview and thumbnail. */
function jpegStub(): Uint8Array {
  return Uint8Array.from([
    0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x08, 0x00, 0x08, 0x03, 0x01, 0x11, 0x00, 0x02, 0x11,
    0x00, 0x03, 0x11, 0x00, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00, 0x3f,
    0x00, 0xff, 0xd9,
  ]);
}

const short = (tag: number, ...v: number[]): IfdEntrySpec => ({ tag, type: TiffType.SHORT, value: v });
const long = (tag: number, ...v: number[]): IfdEntrySpec => ({ tag, type: TiffType.LONG, value: v });
const ascii = (tag: number, v: string): IfdEntrySpec => ({ tag, type: TiffType.ASCII, value: v });
const rational = (tag: number, v: readonly [number, number]): IfdEntrySpec => ({
  tag,
  type: TiffType.RATIONAL,
  value: [v],
});

/** Canon binary records start with their own byte length (exiftool validates this). */
function record(count: number, fill: (a: number[]) => void, sizeFirst = true): number[] {
  const a = new Array<number>(count).fill(0);
  if (sizeFirst) a[0] = count * 2;
  fill(a);
  return a.map((v) => v & 0xffff);
}

function makerNoteEntries(m: TestCr2Metadata): IfdEntrySpec[] {
  const shotInfo = record(34, (a) => {
    a[3] = Math.round((m.measuredEV - 5) * 32);
    a[12] = m.cameraTemperature + 128;
    a[23] = Math.round((m.measuredEV2 + 6) * 8);
  });
  const measuredColor = record(6, (a) => m.measuredRGGB.forEach((v, i) => (a[1 + i] = v)));
  const s = m.sensor;
  const sensorInfo = record(17, (a) => {
    a[1] = s.width;
    a[2] = s.height;
    a[5] = s.left;
    a[6] = s.top;
    a[7] = s.right;
    a[8] = s.bottom;
  });
  const layout = colorDataLayout(EOS_100D_COLOR_DATA.count, EOS_100D_COLOR_DATA.version);
  if (!layout || layout.measured === null || layout.colorTempMeasured === null) {
    throw new WriterInputError("the EOS 100D ColorData layout is not defined");
  }
  const colorData = record(
    EOS_100D_COLOR_DATA.count,
    (a) => {
      a[0] = EOS_100D_COLOR_DATA.version;
      const put = (at: number | null, v: readonly number[]): void => {
        if (at !== null) v.forEach((x, i) => (a[at + i] = x));
      };
      put(layout.asShot, m.wbRGGBLevelsAsShot);
      put(layout.colorTempAsShot, [m.colorTempAsShot]);
      put(layout.measured, m.wbRGGBLevelsMeasured);
      put(layout.colorTempMeasured, [m.colorTempMeasured]);
      put(layout.averageBlackLevel, m.averageBlackLevel);
      put(layout.perChannelBlackLevel, m.perChannelBlackLevel);
      put(layout.normalWhiteLevel, [m.normalWhiteLevel]);
      put(layout.specularWhiteLevel, [m.specularWhiteLevel]);
    },
    false,
  );
  const entries: IfdEntrySpec[] = [
    short(0x0004, ...shotInfo),
    ascii(0x0006, m.model),
    long(0x0010, m.canonModelId),
    ascii(0x0096, m.internalSerialNumber),
    short(0x00aa, ...measuredColor),
    short(0x00e0, ...sensorInfo),
    short(0x4001, ...colorData),
  ];
  if (m.serialNumber !== null) entries.push(long(0x000c, m.serialNumber));
  return entries;
}

/**
 * Writes a CR2 file laid out as a real EOS 100D CR2: TIFF header with the "CR" signature, version 2.0 and the
 * raw IFD offset; IFD0 (Make, Model, a JPEG preview stub, EXIF pointer) → EXIF IFD (exposure, ISO, dates,
 * focal-plane resolution, Canon MakerNote with ShotInfo, MeasuredColor, SensorInfo, ColorData7 v10) → IFD1
 * (thumbnail stub) → IFD2 (a 4×4 RGB strip) → IFD3 (the raw lossless JPEG, StripOffsets/StripByteCounts,
 * slice tag 0xC640). Pixels are encoded losslessly, so a decoder must return them exactly. For test fixtures
 * and benchmarks; returns the file bytes.
 */
export function writeTestCr2(options: TestCr2Options): Uint8Array {
  const { width, height, bits, components, slices, pixels } = options;
  const m: TestCr2Metadata = { ...DEFAULT_TEST_METADATA, ...options.metadata };
  if (width % components !== 0) {
    throw new WriterInputError(`raw width ${width} must be a multiple of the ${components} components`);
  }
  if (pixels.length !== width * height) {
    throw new WriterInputError(
      `pixels must hold width*height = ${width * height} values, received ${pixels.length}`,
    );
  }
  validateSlices(slices, width);
  const stream = mosaicToSliceStream(pixels, width, height, slices);
  const raw = encodeLjpeg({
    width: width / components,
    height,
    components,
    bits,
    predictor: options.predictor ?? 1,
    samples: stream,
    tables: options.huffmanTables ?? 2,
    restartInterval: options.restartInterval ?? 0,
  });
  const preview = jpegStub();
  const thumb = jpegStub();
  const rgb = new Uint8Array(4 * 4 * 3).fill(128);

  // Sizes do not depend on offsets: lay out once with zero offsets, then with the real ones.
  const build = (o: Record<string, number>) => {
    const makerNote = makerNoteEntries(m);
    const exif: IfdEntrySpec[] = [
      rational(EXIF.ExposureTime, m.exposureTime),
      rational(EXIF.FNumber, [56, 10]),
      short(EXIF.ISO, m.iso),
      { tag: EXIF.ExifVersion, type: TiffType.UNDEFINED, value: Uint8Array.from([0x30, 0x32, 0x33, 0x30]) },
      ascii(EXIF.DateTimeOriginal, m.dateTimeOriginal),
      ascii(EXIF.CreateDate, m.dateTimeOriginal),
      rational(EXIF.FocalLength, [85, 1]),
      { tag: EXIF.MakerNote, type: TiffType.UNDEFINED, value: new Uint8Array(o.makerNoteSize ?? 0) },
      short(EXIF.ExifImageWidth, m.sensor.right - m.sensor.left + 1),
      short(EXIF.ExifImageHeight, m.sensor.bottom - m.sensor.top + 1),
      rational(EXIF.FocalPlaneXResolution, m.focalPlaneXResolution),
      rational(EXIF.FocalPlaneYResolution, m.focalPlaneYResolution),
      short(EXIF.FocalPlaneResolutionUnit, 2),
    ];
    if (m.bodySerialNumber !== null) exif.push(ascii(EXIF.BodySerialNumber, m.bodySerialNumber));
    const ifd0: IfdEntrySpec[] = [
      short(0x0100, 8),
      short(0x0101, 8),
      short(0x0102, 8, 8, 8),
      short(0x0103, 6),
      ascii(0x010f, m.make),
      ascii(0x0110, m.model),
      long(0x0111, o.preview ?? 0),
      short(0x0112, 1),
      long(0x0117, preview.length),
      rational(0x011a, [72, 1]),
      rational(0x011b, [72, 1]),
      short(0x0128, 2),
      ascii(0x0132, m.dateTimeOriginal),
      long(0x8769, o.exif ?? 0),
    ];
    const ifd1: IfdEntrySpec[] = [short(0x0103, 6), long(0x0201, o.thumb ?? 0), long(0x0202, thumb.length)];
    const ifd2: IfdEntrySpec[] = [
      short(0x0100, 4),
      short(0x0101, 4),
      short(0x0102, 8, 8, 8),
      short(0x0103, 1),
      short(0x0106, 2),
      long(0x0111, o.rgb ?? 0),
      short(0x0115, 3),
      short(0x0116, 4),
      long(0x0117, rgb.length),
      short(0x011c, 1),
    ];
    const ifd3: IfdEntrySpec[] = [short(0x0103, 6), long(0x0111, o.raw ?? 0), long(0x0117, raw.length)];
    if (slices) ifd3.push(short(0xc640, ...slices));
    return { ifd0, exif, makerNote, ifd1, ifd2, ifd3 };
  };

  const sizes = build({});
  const makerNoteSize = ifdByteLength(sizes.makerNote);
  const o: Record<string, number> = { makerNoteSize };
  let at = 16;
  const place = (name: string, size: number): void => {
    o[name] = at;
    at += size + (size & 1);
  };
  place("ifd0", ifdByteLength(sizes.ifd0));
  const exifSize = ifdByteLength(build(o).exif);
  place("exif", exifSize);
  place("ifd1", ifdByteLength(sizes.ifd1));
  place("ifd2", ifdByteLength(sizes.ifd2));
  place("ifd3", ifdByteLength(sizes.ifd3));
  place("preview", preview.length);
  place("thumb", thumb.length);
  place("rgb", rgb.length);
  place("raw", raw.length);
  const total = at;

  const ifds = build(o);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 0x2a, 0x00], 0);
  view.setUint32(4, o.ifd0 ?? 0, true);
  out.set([0x43, 0x52, 2, 0], 8); // "CR", version 2.0
  view.setUint32(12, o.ifd3 ?? 0, true);
  writeIfd(out, o.ifd0 ?? 0, ifds.ifd0, o.ifd1 ?? 0);
  writeIfd(out, o.exif ?? 0, ifds.exif, 0);
  // the MakerNote IFD sits inside the MakerNote tag's value, which writeIfd placed after the EXIF entry table
  const exifView = new DataView(out.buffer, o.exif ?? 0);
  const exifCount = exifView.getUint16(0, true);
  for (let i = 0; i < exifCount; i++) {
    if (exifView.getUint16(2 + 12 * i, true) === EXIF.MakerNote) {
      writeIfd(out, exifView.getUint32(2 + 12 * i + 8, true), ifds.makerNote, 0);
    }
  }
  writeIfd(out, o.ifd1 ?? 0, ifds.ifd1, o.ifd2 ?? 0);
  writeIfd(out, o.ifd2 ?? 0, ifds.ifd2, o.ifd3 ?? 0);
  writeIfd(out, o.ifd3 ?? 0, ifds.ifd3, 0);
  out.set(preview, o.preview ?? 0);
  out.set(thumb, o.thumb ?? 0);
  out.set(rgb, o.rgb ?? 0);
  out.set(raw, o.raw ?? 0);
  return out;
}
