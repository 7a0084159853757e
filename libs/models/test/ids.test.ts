import {
  formatSequenceId,
  formatTimestamp,
  InvalidIdError,
  parseImageId,
  parseSequenceId,
  parseTimestamp,
  SequenceId,
  UnitId,
  CameraId,
} from "@panoptes/models";

describe("unit and camera ids", () => {
  it.each(["PAN001", "PAN999"])("accepts unit %s", (id) => expect(UnitId.parse(id)).toBe(id));
  it.each(["PAN1", "pan001", "PAN0001", "", "PANabc"])("rejects unit %j", (id) =>
    expect(UnitId.safeParse(id).success).toBe(false),
  );
  it.each(["14d3bd", "ee04d1", "000000"])("accepts camera %s", (id) => expect(CameraId.parse(id)).toBe(id));
  it.each(["14D3BD", "14d3b", "14d3bdx", "zzzzzz"])("rejects camera %j", (id) =>
    expect(CameraId.safeParse(id).success).toBe(false),
  );
});

describe("time stamps", () => {
  it("parses a compact UTC time stamp", () => {
    expect(parseTimestamp("20180216T110623").toISOString()).toBe("2018-02-16T11:06:23.000Z");
  });
  it("formats back to the same text", () => {
    expect(formatTimestamp(parseTimestamp("20161231T235959"))).toBe("20161231T235959");
  });
  it.each([
    "20180230T000000",
    "20181301T000000",
    "20180101T240000",
    "20180101T000060",
    "2018-02-16T11:06:23",
    "",
  ])("rejects %j", (text) => expect(() => parseTimestamp(text)).toThrow(InvalidIdError));
});

describe("sequence and image ids", () => {
  it("round-trips a sequence id", () => {
    const parts = parseSequenceId("PAN001_14d3bd_20180216T110623");
    expect(parts).toEqual({ unit_id: "PAN001", camera_id: "14d3bd", time: "20180216T110623" });
    expect(formatSequenceId(parts)).toBe("PAN001_14d3bd_20180216T110623");
  });
  it.each([
    ["PAN001_14d3bd", /UNIT_CAM/],
    ["PAN001_14d3bd_20180216T110623_x", /UNIT_CAM/],
    ["PAN01_14d3bd_20180216T110623", /unit/],
    ["PAN001_14D3BD_20180216T110623", /camera/],
    ["PAN001_14d3bd_20180216", /YYYYMMDDTHHMMSS/],
  ])("rejects %j naming the bad part", (id, message) => {
    expect(() => parseImageId(id)).toThrow(message);
  });
  it("validates with zod", () => {
    expect(SequenceId.safeParse("PAN001_14d3bd_20180216T110623").success).toBe(true);
    expect(SequenceId.safeParse("PAN001_14d3bd_2018").success).toBe(false);
  });
});
