import { formatObjectPath, InvalidPathError, parseObjectPath } from "@panoptes/models";

describe("parseObjectPath", () => {
  it.each([
    ["PAN001/14d3bd/20180216T110623/20180216T112430.fits.fz", ".fits.fz", "fits", null],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.FITS.FZ", ".fits.fz", "fits", null],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.fits", ".fits", "fits", null],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.fz", ".fz", "fits", null],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.cr2", ".cr2", "cr2", null],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.CR2", ".cr2", "cr2", null],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.jpg", ".jpg", "side-product", null],
    ["PAN001/Wasp35/14d3bd/20180216T110623/20180216T112430.fits.fz", ".fits.fz", "fits", "Wasp35"],
  ])("parses %s", (path, extension, kind, legacy) => {
    const p = parseObjectPath(path);
    expect(p).toMatchObject({
      unit_id: "PAN001",
      camera_id: "14d3bd",
      sequence_time: "20180216T110623",
      image_time: "20180216T112430",
      sequence_id: "PAN001_14d3bd_20180216T110623",
      image_id: "PAN001_14d3bd_20180216T112430",
      extension,
      kind,
      legacy_field: legacy,
      bucket_path: path,
    });
  });

  it("normalises a legacy path by dropping the field folder", () => {
    expect(
      parseObjectPath("PAN012/KIC_8462852/ee04d1/20180216T110623/20180216T112430.fits.fz").canonical_path,
    ).toBe("PAN012/ee04d1/20180216T110623/20180216T112430.fits.fz");
  });

  it("lower-cases an upper-case camera id", () => {
    expect(parseObjectPath("PAN001/14D3BD/20180216T110623/20180216T112430.cr2").camera_id).toBe("14d3bd");
  });

  it.each([
    ["", /empty/],
    ["/PAN001/14d3bd/20180216T110623/20180216T112430.fits", /starts with '\/'/],
    ["PAN001/14d3bd/../20180216T112430.fits", /'\.\.'/],
    ["PAN001/14d3bd/20180216T110623", /segments/],
    ["PAN001/a/b/14d3bd/20180216T110623/20180216T112430.fits", /segments/],
    ["XYZ001/14d3bd/20180216T110623/20180216T112430.fits", /not a unit id/],
    ["PAN001/14d3bz/20180216T110623/20180216T112430.fits", /camera/],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.exe", /unknown extension/],
    ["PAN001/14d3bd/20180216T110623/.fits", /unknown extension/],
    ["PAN001/14d3bd/2018021/20180216T112430.fits", /sequence time/],
    ["PAN001/14d3bd/20180216T110623/20180299T112430.fits", /image time/],
  ])("rejects %j", (path, message) => {
    expect(() => parseObjectPath(path)).toThrow(InvalidPathError);
    expect(() => parseObjectPath(path)).toThrow(message);
  });

  it("formats the canonical path", () => {
    expect(
      formatObjectPath({
        unit_id: "PAN001",
        camera_id: "14d3bd",
        sequence_time: "20180216T110623",
        image_time: "20180216T112430",
        extension: ".cr2",
      }),
    ).toBe("PAN001/14d3bd/20180216T110623/20180216T112430.cr2");
  });
});
