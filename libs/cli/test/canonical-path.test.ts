import { canonicalPathFor } from "../src/canonical-path";

const header = {
  PANID: "PAN012",
  INSTRUME: "EE04D1",
  SEQID: "PAN012_ee04d1_20180216T110623",
  "DATE-OBS": "2018-02-16T11:24:30",
};

describe("canonicalPathFor", () => {
  it("keeps a path that already is canonical", () => {
    expect(canonicalPathFor("/data/PAN001/14d3bd/20180216T110623/20180216T112430.fits.fz", null)).toBe(
      "PAN001/14d3bd/20180216T110623/20180216T112430.fits.fz",
    );
  });
  it("derives the path from the header for a flat file name", () => {
    expect(canonicalPathFor("/tmp/image.fits.fz", header)).toBe(
      "PAN012/ee04d1/20180216T110623/20180216T112430.fits.fz",
    );
  });
  it("names every missing part", () => {
    expect(() => canonicalPathFor("x.fits", { INSTRUME: "XXXXXX" })).toThrow(
      /unit .*camera .*sequence time .*image time.*--path/,
    );
  });
  it("refuses side products and unknown files", () => {
    expect(() => canonicalPathFor("x.jpg", header)).toThrow(/only .fits/);
    expect(() => canonicalPathFor("x.cr2", null)).toThrow(/pass --path/);
  });
});
