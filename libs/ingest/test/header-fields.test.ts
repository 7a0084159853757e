import { parseObjectPath } from "@panoptes/models";
import { sharedFixturesDir } from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";
import {
  dateOrNull,
  fieldNameKey,
  idContradictions,
  imageFields,
  leadingNumber,
  observationFields,
  parseMeasRggb,
  unitFields,
} from "@panoptes/ingest";

const fixtures = sharedFixturesDir();
const describeWithFixtures = fixtures ? describe : describe.skip;
if (!fixtures)
  console.warn("../shared/fixtures not found: skipping header-field tests on real PANOPTES headers");

/** A real header as keyword → value, from the astropy reference of a shared fixture. */
function astropyHeader(name: string): Record<string, unknown> {
  const { cards } = JSON.parse(
    fs.readFileSync(path.join(fixtures!, "fits", `${name}.astropy.json`), "utf8"),
  ) as {
    cards: Array<{ keyword: string; value: unknown }>;
  };
  return Object.fromEntries(cards.map((c) => [c.keyword, c.value]));
}

describe("value parsing", () => {
  it.each([
    ["13 C", 13],
    ["-5.5 C", -5.5],
    ["0.019 mm", 0.019],
    [42, 42],
    ["", null],
    ["n/a", null],
    [null, null],
  ])("reads the leading number of %j as %j", (text, n) => expect(leadingNumber(text)).toBe(n));

  it("splits MEASRGGB into four levels", () => {
    expect(parseMeasRggb("474 1024 1024 718")).toEqual({ measr: 474, measg: 1024, measg2: 1024, measb: 718 });
    expect(parseMeasRggb("474 1024")).toEqual({ measr: null, measg: null, measg2: null, measb: null });
  });

  it("reads DATE-OBS as UTC", () => {
    expect(dateOrNull("2016-09-09T08:14:34")?.toISOString()).toBe("2016-09-09T08:14:34.000Z");
    expect(dateOrNull("")).toBeNull();
    expect(dateOrNull("yesterday")).toBeNull();
  });

  it.each([
    ["Wasp 35", "wasp35"],
    ["KIC 8462852", "kic8462852"],
    ["TESS_SEC17_CAM02", "tesssec17cam02"],
    ["", null],
  ])("normalises field name %j to %j", (name, key) => expect(fieldNameKey(name)).toBe(key));
});

describeWithFixtures("fields from real PANOPTES headers", () => {
  it("records every image field of a plate-solved image", () => {
    expect(imageFields(astropyHeader("solved.fits.fz"))).toEqual({
      exptime: 120.4,
      airmass: 1.133153126390357,
      moonfrac: 0.4870036614156491,
      moonsep: 75.96986081723983,
      ha_mnt: 1.03388073074251,
      ra_mnt: 301.56439,
      dec_mnt: 44.456875,
      ra_image: 303.206422334,
      dec_image: 46.0173987483,
      solved: true,
      camtemp: 13,
      circconf: 0.019,
      colortmp: 5413,
      measev: -3.62,
      measev2: -3.625,
      measr: 474,
      measg: 1024,
      measg2: 1024,
      measb: 718,
      redbal: 2.019531,
      bluebal: 1.484375,
      whtlvln: 11765,
      whtlvls: 12277,
    });
  });

  it("leaves the solution null for an unsolved image", () => {
    const f = imageFields(astropyHeader("unsolved.fits"));
    expect(f).toMatchObject({ solved: false, ra_image: null, dec_image: null, camtemp: 11 });
  });

  it("turns empty keywords into nulls, not errors", () => {
    const h = astropyHeader("rotation.fits");
    expect(imageFields(h)).toMatchObject({ airmass: null, ra_mnt: null, exptime: 25.2 });
    expect(unitFields(h)).toEqual({ elevation: null, location: null });
    expect(observationFields(h)).toMatchObject({ field_name: null, project: null, iso: 100 });
  });

  it("tolerates a header with no PANOPTES keyword at all", () => {
    const f = imageFields(astropyHeader("noheader.fits"));
    expect(Object.values(f).filter((v) => v !== null && v !== false)).toEqual([]);
  });

  it("reads the observation and unit fields", () => {
    const h = astropyHeader("solved.fits.fz");
    expect(observationFields(h)).toEqual({
      software_version: "POCSv0.1.1",
      project: "Project PANOPTES",
      field_name: "KIC 8462852",
      field_name_key: "kic8462852",
      camera_filter: "RGGB",
      iso: 100,
      exptime: 120.4,
      ra: 303.206422334,
      dec: 46.0173987483,
    });
    expect(unitFields(h)).toEqual({ elevation: 3400, location: { latitude: 19.54, longitude: -155.58 } });
  });

  it("does not treat anonymised ids (INSTRUME 'XXXXXX') as contradictions", () => {
    const p = parseObjectPath("PAN001/14d3bd/20160909T081152/20160909T081434.fits.fz");
    expect(idContradictions(astropyHeader("solved.fits.fz"), p)).toEqual([]);
  });
});

describe("id contradictions", () => {
  const p = parseObjectPath("PAN001/14d3bd/20180216T110623/20180216T112430.fits.fz");
  it.each([
    [{ PANID: "PAN002" }, /unit PAN002/],
    [{ OBSERVER: "PAN003" }, /unit PAN003/],
    [{ INSTRUME: "ee04d1" }, /camera ee04d1/],
    [{ SEQID: "PAN001_14d3bd_20180216T000000" }, /SEQID/],
    [{ IMAGEID: "PAN001_14d3bd_20180216T000000" }, /IMAGEID/],
  ])("reports %j", (header, message) => {
    const problems = idContradictions(header, p);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
  it("accepts a header that agrees with the path", () => {
    const header = { PANID: "PAN001", INSTRUME: "14D3BD", SEQID: p.sequence_id, IMAGEID: p.image_id };
    expect(idContradictions(header, p)).toEqual([]);
  });
});
