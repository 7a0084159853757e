import * as fs from "node:fs";
import * as path from "node:path";
import { perlNumber, readCr2Metadata, type Cr2Metadata } from "@panoptes/cr2";
import { DEFAULT_TEST_METADATA, type TestCr2Metadata, writeTestCr2 } from "@panoptes/demo";
import { describeShared } from "@panoptes/testing";
import { CR2_FIXTURES, CR2_SUB, runTool, skyMosaic, tempDir, writeSmallCr2 } from "./helpers";

/** Our field → exiftool tag name, for a field-by-field comparison with `exiftool -j -n`. */
const FIELDS: readonly [keyof Cr2Metadata, string][] = [
  ["make", "Make"],
  ["model", "Model"],
  ["iso", "ISO"],
  ["exposureTime", "ExposureTime"],
  ["dateTimeOriginal", "DateTimeOriginal"],
  ["serialNumber", "SerialNumber"],
  ["internalSerialNumber", "InternalSerialNumber"],
  ["cameraTemperature", "CameraTemperature"],
  ["measuredEV", "MeasuredEV"],
  ["measuredEV2", "MeasuredEV2"],
  ["measuredRGGB", "MeasuredRGGB"],
  ["colorDataVersion", "ColorDataVersion"],
  ["wbRGGBLevelsAsShot", "WB_RGGBLevelsAsShot"],
  ["colorTempAsShot", "ColorTempAsShot"],
  ["wbRGGBLevelsMeasured", "WB_RGGBLevelsMeasured"],
  ["colorTempMeasured", "ColorTempMeasured"],
  ["averageBlackLevel", "AverageBlackLevel"],
  ["perChannelBlackLevel", "PerChannelBlackLevel"],
  ["normalWhiteLevel", "NormalWhiteLevel"],
  ["specularWhiteLevel", "SpecularWhiteLevel"],
  ["sensorWidth", "SensorWidth"],
  ["sensorHeight", "SensorHeight"],
  ["sensorLeftBorder", "SensorLeftBorder"],
  ["sensorTopBorder", "SensorTopBorder"],
  ["sensorRightBorder", "SensorRightBorder"],
  ["sensorBottomBorder", "SensorBottomBorder"],
  ["focalPlaneXSize", "FocalPlaneXSize"],
  ["focalPlaneYSize", "FocalPlaneYSize"],
  ["redBalance", "RedBalance"],
  ["blueBalance", "BlueBalance"],
  ["scaleFactor35efl", "ScaleFactor35efl"],
  ["circleOfConfusion", "CircleOfConfusion"],
  ["rawStripOffset", "StripOffsets"],
  ["rawStripByteCounts", "StripByteCounts"],
  ["rawSlices", "RawImageSegmentation"],
];

/** Our value in exiftool's JSON form: arrays as space-separated text, computed floats at %.15g, null → absent. */
function asExiftool(v: unknown): unknown {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.join(" ");
  if (typeof v === "number" && !Number.isInteger(v)) return perlNumber(v);
  return v;
}

function compareWithExiftool(meta: Cr2Metadata, json: Record<string, unknown>): void {
  for (const [field, tag] of FIELDS) {
    expect({ field, value: asExiftool(meta[field]) }).toEqual({ field, value: json[tag] });
  }
}

describeShared(
  "real Canon CR2 headers (EOS 350D, EOS-1Ds Mark III) and their exiftool references",
  "readCr2Metadata on real CR2 headers",
  () => {
    it.each(["eos350d-header-only.cr2", "eos1dsmk3-header-only.cr2"])(
      "matches exiftool -n field by field for %s",
      (name) => {
        const bytes = new Uint8Array(fs.readFileSync(path.join(CR2_FIXTURES, name)));
        const json =
          (
            JSON.parse(fs.readFileSync(path.join(CR2_FIXTURES, `${name}.exiftool.json`), "utf8")) as Record<
              string,
              unknown
            >[]
          )[0] ?? {};
        compareWithExiftool(readCr2Metadata(bytes), json);
      },
    );

    it("reads the 1Ds Mark III ColorData4 v4 levels and the 350D ColorData1 white balance", () => {
      const ds = readCr2Metadata(
        new Uint8Array(fs.readFileSync(path.join(CR2_FIXTURES, "eos1dsmk3-header-only.cr2"))),
      );
      expect(ds.colorTempMeasured).toBe(3711);
      expect(ds.perChannelBlackLevel).toEqual([1023, 1024, 1023, 1024]);
      expect(ds.normalWhiteLevel).toBe(16383);
      const d350 = readCr2Metadata(
        new Uint8Array(fs.readFileSync(path.join(CR2_FIXTURES, "eos350d-header-only.cr2"))),
      );
      expect(d350.wbRGGBLevelsAsShot).toEqual([2002, 1185, 1187, 2364]);
      expect(d350.colorTempMeasured).toBeNull();
      expect(d350.cameraTemperature).toBeNull();
      expect(d350.normalWhiteLevel).toBeNull();
    });
  },
  { sub: CR2_SUB },
);

describe("readCr2Metadata on generated EOS 100D files", () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, Partial<TestCr2Metadata>][] = [
    ["defaults (PANOPTES-like night frame)", {}],
    [
      "warm camera, short exposure, MakerNote serial number only",
      {
        cameraTemperature: 44,
        exposureTime: [1, 40],
        iso: 1600,
        measuredEV: 7.25,
        measuredEV2: 8.125,
        serialNumber: 123456789,
        bodySerialNumber: null,
        measuredRGGB: [354, 1024, 1024, 966],
        wbRGGBLevelsAsShot: [2461, 1024, 1024, 1287],
        colorTempMeasured: 7409,
        dateTimeOriginal: "2017:04:10 04:35:16",
      },
    ],
    ["MakerNote and EXIF serial numbers both present (the EXIF body serial wins)", { serialNumber: 123 }],
    ["below-zero camera temperature", { cameraTemperature: -7, measuredEV: -6.5, measuredEV2: -5.5 }],
  ];

  it.each(cases)("agrees with exiftool -n: %s", (_label, metadata) => {
    const file = writeSmallCr2(path.join(dir, "m.cr2"), [1, 24, 24], metadata);
    const out = runTool("exiftool", ["-j", "-n", file]);
    expect(out.status).toBe(0);
    const json = (JSON.parse(out.stdout.toString()) as Record<string, unknown>[])[0] ?? {};
    const meta = readCr2Metadata(new Uint8Array(fs.readFileSync(file)));
    compareWithExiftool(meta, json);
    // and exiftool reads back what was written
    const m = { ...DEFAULT_TEST_METADATA, ...metadata };
    const levels = (v: readonly number[]): string => v.join(" ");
    expect(json).toMatchObject({
      Make: m.make,
      Model: m.model,
      ISO: m.iso,
      ExposureTime: perlNumber(Number((m.exposureTime[0] / m.exposureTime[1]).toPrecision(10))),
      DateTimeOriginal: m.dateTimeOriginal,
      SerialNumber: m.bodySerialNumber ?? m.serialNumber,
      InternalSerialNumber: m.internalSerialNumber,
      CameraTemperature: m.cameraTemperature,
      MeasuredEV: m.measuredEV,
      MeasuredEV2: m.measuredEV2,
      MeasuredRGGB: levels(m.measuredRGGB),
      ColorDataVersion: 10,
      WB_RGGBLevelsAsShot: levels(m.wbRGGBLevelsAsShot),
      ColorTempAsShot: m.colorTempAsShot,
      WB_RGGBLevelsMeasured: levels(m.wbRGGBLevelsMeasured),
      ColorTempMeasured: m.colorTempMeasured,
      AverageBlackLevel: levels(m.averageBlackLevel),
      PerChannelBlackLevel: levels(m.perChannelBlackLevel),
      NormalWhiteLevel: m.normalWhiteLevel,
      SpecularWhiteLevel: m.specularWhiteLevel,
      SensorWidth: m.sensor.width,
      SensorHeight: m.sensor.height,
      SensorLeftBorder: m.sensor.left,
      SensorTopBorder: m.sensor.top,
      SensorRightBorder: m.sensor.right,
      SensorBottomBorder: m.sensor.bottom,
    });
  });
});

describe("readCr2Metadata on damaged or foreign input", () => {
  it("returns nulls, not a crash, for a TIFF without EXIF or MakerNote", () => {
    const tiff = Uint8Array.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const meta = readCr2Metadata(tiff);
    expect(meta.make).toBeNull();
    expect(meta.iso).toBeNull();
    expect(meta.circleOfConfusion).toBeNull();
    expect(meta.rawStripOffset).toBeNull();
  });

  it.each([
    ["too short", Uint8Array.from([0x49, 0x49])],
    ["bad byte order", Uint8Array.from([0x41, 0x42, 0x2a, 0, 8, 0, 0, 0])],
    ["IFD0 beyond the end", Uint8Array.from([0x49, 0x49, 0x2a, 0, 0xff, 0, 0, 0])],
  ])("rejects a file with %s with a TIFF_FORMAT error", (_label, bytes) => {
    expect(() => readCr2Metadata(bytes)).toThrow(expect.objectContaining({ code: "TIFF_FORMAT" }));
  });

  it("keeps going when the MakerNote records are cut short", () => {
    const file = writeTestCr2({
      width: 24,
      height: 24,
      bits: 12,
      components: 2,
      slices: null,
      pixels: skyMosaic(24, 24, 12),
    });
    const meta = readCr2Metadata(file.subarray(0, 400));
    expect(meta.model).toBe("Canon EOS 100D");
    expect(meta.colorTempMeasured).toBeNull();
  });
});
