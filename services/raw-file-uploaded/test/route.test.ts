import { TOPICS } from "@panoptes/models";
import { parseConfig } from "../src/config";
import { routeObject, StorageObject } from "../src/route";

const config = parseConfig({ BLOCKED_UNITS: "PAN000, PAN998" });
const object = (name: string, size = 1000) =>
  StorageObject.parse({
    bucket: "panoptes-raw-images",
    name,
    generation: "1700000000000001",
    size: String(size),
  });

describe("routeObject", () => {
  it.each([
    ["PAN001/14d3bd/20180216T110623/20180216T112430.fits.fz", TOPICS.recordImage],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.FITS", TOPICS.recordImage],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.fz", TOPICS.recordImage],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.Cr2", TOPICS.makeRgbFits],
    ["PAN001/Wasp35/14d3bd/20180216T110623/20180216T112430.fits.fz", TOPICS.recordImage],
  ])("sends %s to %s", (name, topic) => {
    const route = routeObject(object(name), config);
    expect(route).toMatchObject({ action: "publish", topic });
  });

  it("puts the object and its parsed ids in the message", () => {
    const route = routeObject(
      object("PAN001/Wasp35/14D3BD/20180216T110623/20180216T112430.fits.fz", 593280),
      config,
    );
    expect(route.action === "publish" && route.message).toEqual({
      bucket: "panoptes-raw-images",
      bucket_path: "PAN001/Wasp35/14D3BD/20180216T110623/20180216T112430.fits.fz",
      generation: "1700000000000001",
      size: 593280,
      content_type: null,
      md5: null,
      unit_id: "PAN001",
      camera_id: "14d3bd",
      sequence_id: "PAN001_14d3bd_20180216T110623",
      image_id: "PAN001_14d3bd_20180216T112430",
      sequence_time: "20180216T110623",
      image_time: "20180216T112430",
      kind: "fits",
      time_created: null,
    });
  });

  it.each(["jpg", "mp4", "txt", "json", "JPG"])("leaves a .%s side product alone", (ext) => {
    expect(routeObject(object(`PAN001/14d3bd/20180216T110623/20180216T112430.${ext}`), config)).toMatchObject(
      {
        action: "ignore",
        reason: expect.stringMatching(/side product/),
      },
    );
  });

  it.each(["PAN000", "PAN998"])("ignores blocked test unit %s", (unit) => {
    expect(routeObject(object(`${unit}/14d3bd/20180216T110623/20180216T112430.fits`), config)).toMatchObject({
      action: "ignore",
      reason: expect.stringMatching(/blocked/),
    });
  });

  it.each([
    ["notes/readme.md", "invalid-path"],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.exe", "invalid-path"],
    ["PAN001/14d3bd/latest/20180216T112430.fits", "invalid-path"],
  ])("rejects %s with %s", (name, code) => {
    expect(routeObject(object(name), config)).toMatchObject({ action: "reject", code });
  });

  it("rejects an empty FITS upload", () => {
    expect(
      routeObject(object("PAN001/14d3bd/20180216T110623/20180216T112430.fits", 0), config),
    ).toMatchObject({
      action: "reject",
      code: "empty-object",
    });
  });

  it("ignores objects from another bucket", () => {
    const other = StorageObject.parse({ bucket: "elsewhere", name: "x", generation: 1, size: 1 });
    expect(routeObject(other, config).action).toBe("ignore");
  });
});
