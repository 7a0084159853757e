import * as fs from "node:fs";
import * as path from "node:path";
import {
  exifDateToIso,
  formatSerialNumber,
  headerKeywordsFromMetadata,
  printfFixed,
  readCr2Metadata,
} from "@panoptes/cr2";
import { describeShared, sharedPath, testShared } from "@panoptes/testing";
import { CR2_FIXTURES, CR2_SUB, runTool, tempDir, writeSmallCr2 } from "./helpers";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A generated 100D file carrying the CR2 values of the PAN001 frame in shared/fixtures/fits/solved.fits.fz. */
function panoptesLikeFile(): string {
  return writeSmallCr2(path.join(dir, "pan001.cr2"), null, { exposureTime: [1204, 10] });
}

/** Keyword → exiftool tag whose printed value (`exiftool -j`, as PANOPTES read_exif ran it) the keyword carries. */
const PRINTED: Record<string, string> = {
  ISO: "ISO",
  CAMTEMP: "CameraTemperature",
  CIRCCONF: "CircleOfConfusion",
  INTSN: "InternalSerialNumber",
  CAMSN: "SerialNumber",
  MEASEV: "MeasuredEV",
  MEASEV2: "MeasuredEV2",
  MEASRGGB: "MeasuredRGGB",
  WHTLVLN: "NormalWhiteLevel",
  WHTLVLS: "SpecularWhiteLevel",
  REDBAL: "RedBalance",
  BLUEBAL: "BlueBalance",
  WBRGGB: "WB_RGGBLevelsAsShot",
};

function expectLikeExiftoolPrint(file: string): void {
  const out = runTool("exiftool", ["-j", file]);
  expect(out.status).toBe(0);
  const json = (JSON.parse(out.stdout.toString()) as Record<string, unknown>[])[0] ?? {};
  const cards = headerKeywordsFromMetadata(readCr2Metadata(new Uint8Array(fs.readFileSync(file))));
  for (const card of cards) {
    const tag = PRINTED[card.keyword];
    if (!tag) continue;
    const printed = json[tag];
    const expected = printed === undefined ? "" : card.keyword === "CAMSN" ? String(printed) : printed;
    expect({ keyword: card.keyword, value: card.value }).toEqual({ keyword: card.keyword, value: expected });
  }
  const colorTemp = json.ColorTempMeasured ?? json.ColorTempAsShot ?? "";
  expect(cards.find((c) => c.keyword === "COLORTMP")?.value).toBe(colorTemp);
}

describe("headerKeywordsFromMetadata", () => {
  it("lists the PANOPTES keywords in order", () => {
    const cards = headerKeywordsFromMetadata(
      readCr2Metadata(new Uint8Array(fs.readFileSync(panoptesLikeFile()))),
    );
    expect(cards.map((c) => c.keyword)).toEqual([
      "ISO",
      "EXPTIME",
      "CAMTEMP",
      "CIRCCONF",
      "COLORTMP",
      "INTSN",
      "CAMSN",
      "MEASEV",
      "MEASEV2",
      "MEASRGGB",
      "WHTLVLN",
      "WHTLVLS",
      "REDBAL",
      "BLUEBAL",
      "WBRGGB",
      "DATE-OBS",
    ]);
  });

  it("formats values as exiftool -j printed them for PANOPTES (generated 100D file)", () => {
    expectLikeExiftoolPrint(panoptesLikeFile());
  });

  testShared(
    "the header of a real PANOPTES frame, as POCS wrote it",
    "reproduces the CR2 cards of a real PANOPTES FITS header from a CR2 with the same values",
    () => {
      const fitsFixture = sharedPath("fixtures", "fits", "solved.fits.fz.astropy.json");
      const astropy = JSON.parse(fs.readFileSync(fitsFixture, "utf8")) as {
        cards: { keyword: string; value: unknown }[];
      };
      const cards = headerKeywordsFromMetadata(
        readCr2Metadata(new Uint8Array(fs.readFileSync(panoptesLikeFile()))),
      );
      // WBRGGB is '' in real headers: cr2_to_fits asked exiftool for a misspelt tag; we write the levels.
      for (const card of cards.filter((c) => c.keyword !== "WBRGGB")) {
        const real = astropy.cards.find((c) => c.keyword === card.keyword);
        expect({ keyword: card.keyword, value: card.value }).toEqual({
          keyword: card.keyword,
          value: real?.value,
        });
      }
    },
    { sub: ["fixtures", "fits", "solved.fits.fz.astropy.json"] },
  );

  describeShared(
    "real Canon CR2 headers (EOS 350D, EOS-1Ds Mark III)",
    "real CR2 files",
    () => {
      it.each(["eos350d-header-only.cr2", "eos1dsmk3-header-only.cr2"])(
        "formats the real %s like exiftool -j, with '' for what the camera lacks",
        (name) => expectLikeExiftoolPrint(path.join(CR2_FIXTURES, name)),
      );
    },
    { sub: CR2_SUB },
  );
});

describe("formatting helpers", () => {
  it.each([
    [-3.625, 2, "-3.62"],
    [-3.635, 2, "-3.63"],
    [0.0125, 3, "0.013"],
    [2.5, 0, "2"],
    [3.5, 0, "4"],
    [0.0191821112220121, 3, "0.019"],
    [9.9996, 3, "10.000"],
    [-0.001, 2, "-0.00"],
  ])("printfFixed(%d, %d) = %s like C printf", (x, d, s) => expect(printfFixed(x, d)).toBe(s));

  it.each([
    [123456789, "Canon EOS 350D DIGITAL", "0123456789"],
    [600005, "Canon EOS-1Ds Mark III", "600005"],
    ["012070048413", "Canon EOS 100D", "012070048413"],
    [null, "Canon EOS 100D", ""],
  ])("formatSerialNumber(%j, %s) = %s", (serial, model, s) =>
    expect(formatSerialNumber(serial, model)).toBe(s),
  );

  it.each([
    ["2016:09:09 08:14:34", "2016-09-09T08:14:34"],
    ["garbage", ""],
    [null, ""],
  ])("exifDateToIso(%j) = %j", (d, s) => expect(exifDateToIso(d)).toBe(s));
});
