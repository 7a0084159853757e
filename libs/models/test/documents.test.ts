import {
  canTransitionImage,
  DeadLetterMessage,
  ImageDocRead,
  ObjectMessage,
  plainFirestoreValue,
  UnitDoc,
} from "@panoptes/models";

describe("image state machine", () => {
  it.each([
    [null, "recorded", true],
    ["received", "recorded", true],
    ["error", "recorded", true],
    ["recorded", "recorded", true],
    ["recorded", "error", false],
    ["recorded", "received", false],
  ] as const)("from %s to %s is %s", (from, to, allowed) => {
    expect(canTransitionImage(from, to)).toBe(allowed);
  });
});

describe("documents", () => {
  it("rejects a unit without every writer field", () => {
    const result = UnitDoc.safeParse({ unit_id: "PAN001", name: "PAN001" });
    expect(result.success).toBe(false);
  });
  it("reads an old image document that lacks most fields", () => {
    expect(ImageDocRead.parse({ image_id: "PAN001_14d3bd_20180216T112430", exptime: 120 }).exptime).toBe(120);
  });
});

describe("messages", () => {
  const good = {
    bucket: "panoptes-raw-images",
    bucket_path: "PAN001/14d3bd/20180216T110623/20180216T112430.fits.fz",
    generation: "1700000000000001",
    size: 10,
    content_type: "application/fits",
    md5: null,
    unit_id: "PAN001",
    camera_id: "14d3bd",
    sequence_id: "PAN001_14d3bd_20180216T110623",
    image_id: "PAN001_14d3bd_20180216T112430",
    sequence_time: "20180216T110623",
    image_time: "20180216T112430",
    kind: "fits",
    time_created: null,
  };
  it("accepts a complete object message", () => expect(ObjectMessage.parse(good)).toEqual(good));
  it.each([
    ["generation", 17],
    ["unit_id", "PAN1"],
    ["kind", "movie"],
    ["size", -1],
  ])("rejects a bad %s", (field, value) => {
    expect(ObjectMessage.safeParse({ ...good, [field]: value }).success).toBe(false);
  });
  it("requires the error of a dead letter", () => {
    expect(DeadLetterMessage.safeParse({ topic: "record-image", message: good, service: "x" }).success).toBe(
      false,
    );
  });
});

describe("plainFirestoreValue", () => {
  it("turns Timestamp-like and GeoPoint-like values into plain values, deeply", () => {
    const when = new Date("2018-02-16T11:06:23Z");
    const doc = {
      time: { toDate: () => when },
      location: { latitude: 19.5, longitude: -155.6, isEqual: () => false },
      nested: [{ t: { toDate: () => when } }],
      n: 3,
    };
    expect(plainFirestoreValue(doc)).toEqual({
      time: when,
      location: { latitude: 19.5, longitude: -155.6 },
      nested: [{ t: when }],
      n: 3,
    });
  });
});
