import { parseObjectPath } from "@panoptes/models";
import { describeShared, GENERATED_TRUTH, generatedFixtures, sharedPath } from "@panoptes/testing";
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

/** A header as keyword → value, from the astropy reference of a fixture in `dir`. */
function astropyHeader(dir: string, name: string): Record<string, unknown> {
  const { cards } = JSON.parse(fs.readFileSync(path.join(dir, `${name}.astropy.json`), "utf8")) as {
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

/**
 * Header → document fields on a set of PANOPTES headers (`header(name)` gives one as keyword → value). The
 * generated set carries GENERATED_TRUTH, the values of the real PAN001 frame, so one set of expectations holds for
 * the generated files and the real ones.
 */
function headerFieldBehaviours(header: (name: string) => Record<string, unknown>): void {
  const t = GENERATED_TRUTH;

  it("recovers every image field written into a plate-solved image (fpacked)", () => {
    expect(imageFields(header("solved.fits.fz"))).toEqual({
      exptime: t.exptime,
      airmass: t.airmass,
      moonfrac: t.moonfrac,
      moonsep: t.moonsep,
      ha_mnt: t.ha_mnt,
      ra_mnt: t.ra_mnt,
      dec_mnt: t.dec_mnt,
      ra_image: t.ra_image,
      dec_image: t.dec_image,
      solved: true,
      camtemp: t.camtemp,
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
    expect(imageFields(header("unsolved.fits"))).toMatchObject({
      solved: false,
      ra_image: null,
      dec_image: null,
      camtemp: 11,
    });
  });

  it("turns empty keywords into nulls, not errors", () => {
    const h = header("rotation.fits");
    expect(imageFields(h)).toMatchObject({ airmass: null, ra_mnt: null, exptime: 25.2, camtemp: 43 });
    expect(unitFields(h)).toEqual({ elevation: null, location: null });
    expect(observationFields(h)).toMatchObject({ field_name: null, project: null, iso: 100 });
  });

  it("tolerates a header with no PANOPTES keyword at all", () => {
    const f = imageFields(header("noheader.fits"));
    expect(Object.values(f).filter((v) => v !== null && v !== false)).toEqual([]);
  });

  it("reads the observation and unit fields", () => {
    const h = header("solved.fits.fz");
    expect(observationFields(h)).toEqual({
      software_version: "POCSv0.1.1",
      project: "Project PANOPTES",
      field_name: t.field,
      field_name_key: "kic8462852",
      camera_filter: "RGGB",
      iso: t.iso,
      exptime: t.exptime,
      ra: t.ra_image,
      dec: t.dec_image,
    });
    expect(unitFields(h)).toEqual({
      elevation: t.elevation,
      location: { latitude: t.latitude, longitude: t.longitude },
    });
  });

  it("does not treat anonymised ids (INSTRUME 'XXXXXX') as contradictions", () => {
    const p = parseObjectPath(`${t.unit_id}/14d3bd/${t.sequence_time}/${t.image_time}.fits.fz`);
    expect(idContradictions(header("solved.fits.fz"), p)).toEqual([]);
  });
}

describe("fields from generated PANOPTES headers (the kinds of header in ../shared, made in this run)", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedFixtures().dir;
  }, 60000);
  headerFieldBehaviours((name) => astropyHeader(dir, name));
});

describeShared("real PANOPTES headers (2016 and 2017 POCS)", "fields from real PANOPTES headers", () => {
  headerFieldBehaviours((name) => astropyHeader(sharedPath("fixtures", "fits"), name));
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
