import {
  currentStatus,
  ImageDocRead,
  isRecordedImage,
  LEGACY_STATUS_WORDS,
  ObservationDocRead,
  parseLegacyNumber,
  parseLegacyTime,
  ProcessedObservationDocRead,
  STATUS_WORDS,
  statusWordsFor,
  UnitDocRead,
} from "../src";
import { legacyDocuments } from "@panoptes/demo";

describe("parseLegacyTime", () => {
  it.each([
    ["20200318T051500", "2020-03-18T05:15:00.000Z"],
    ["2020-03-18T05:15:00", "2020-03-18T05:15:00.000Z"],
    ["2020-03-18 05:15:00", "2020-03-18T05:15:00.000Z"],
    ["2020-03-18T05:15:00.250Z", "2020-03-18T05:15:00.250Z"],
    ["2020-03-18T07:15:00+02:00", "2020-03-18T05:15:00.000Z"],
    ["2020-03-18", "2020-03-18T00:00:00.000Z"],
  ])("reads %s as %s (UTC unless zoned)", (text, iso) => {
    expect(parseLegacyTime(text)?.toISOString()).toBe(iso);
  });
  it.each(["sometime in March", "3", "20201318T051500", "", "2020-03-18T25:00:00"])("rejects %j", (text) => {
    expect(parseLegacyTime(text)).toBeNull();
  });
});

describe("parseLegacyNumber", () => {
  it.each([
    ["120", 120],
    [" 120.0 ", 120],
    ["-6.2297", -6.2297],
    ["1.5e3", 1500],
    ["13 C", 13],
    ["0.019 mm", 0.019],
  ])("reads %j as %d", (text, n) => expect(parseLegacyNumber(text)).toBe(n));
  it.each(["long", "12abc", "1 2", "", "NaN", "13 degrees C"])("rejects %j", (text) =>
    expect(parseLegacyNumber(text)).toBeNull(),
  );
});

describe("status vocabulary", () => {
  it("has the 2020 network's words and maps every older word to a current one", () => {
    expect(STATUS_WORDS.observation).toContain("receiving_files");
    expect(STATUS_WORDS.image).toEqual(expect.arrayContaining(["solved", "unsolvable", "recorded"]));
    expect(STATUS_WORDS.processing).toEqual(["queued", "running", "done", "failed"]);
    for (const [kind, map] of Object.entries(LEGACY_STATUS_WORDS)) {
      for (const [older, current] of Object.entries(map)) {
        expect(STATUS_WORDS[kind as keyof typeof STATUS_WORDS]).toContain(current);
        expect(STATUS_WORDS[kind as keyof typeof STATUS_WORDS]).not.toContain(older);
      }
    }
  });
  it.each([
    ["observation", "receiving", "receiving_files"],
    ["observation", "receiving_files", "receiving_files"],
    ["processing", "pending", "queued"],
    ["processing", "error", "failed"],
    ["image", "solved", "solved"],
    ["observation", "needs_calibration", "needs_calibration"],
  ] as const)("%s %s reads as %s", (kind, word, current) => {
    expect(currentStatus(kind, word)).toBe(current);
  });
  it("queries match older words for the same state", () => {
    expect(statusWordsFor("observation", "receiving_files")).toEqual(["receiving_files", "receiving"]);
    expect(statusWordsFor("observation", "processed")).toEqual(["processed"]);
  });
  it("treats solved and unsolvable images as recorded", () => {
    expect(["recorded", "solved", "unsolvable", "received", "error", undefined].map(isRecordedImage)).toEqual(
      [true, true, true, false, false, false],
    );
  });
});

describe("reader schemas on 2020 documents", () => {
  it("reads a cf-record-image observation: renamed fields, numeric unit id, strings for numbers and times", () => {
    const f = legacyDocuments("PAN012");
    const [id, doc] = Object.entries(f.observations)[1]!;
    const obs = ObservationDocRead.parse({ sequence_id: id, ...doc, status: "receiving" });
    expect(obs).toMatchObject({
      unit_id: "PAN012",
      time: new Date("2020-03-18T05:15:00Z"),
      exptime: 120,
      iso: 100,
      software_version: "POCSv0.6.1",
      field_name: "KIC 8462852",
      project: "Project PANOPTES",
      camera_filter: null,
      status: "receiving_files",
    });
  });
  it("drops nulls where a value is required and reads counters stored as strings", () => {
    const unit = UnitDocRead.parse({
      unit_id: "PAN001",
      num_images: "7",
      total_minutes_exptime: "14.0",
      created_time: null,
    });
    expect(unit).toEqual({ unit_id: "PAN001", num_images: 7, total_minutes_exptime: 14 });
  });
  it("keeps an unknown status word and still rejects what cannot be converted", () => {
    expect(ImageDocRead.parse({ image_id: "x", status: "uploaded", camtemp: "13 C" })).toMatchObject({
      status: "uploaded",
      camtemp: 13,
    });
    expect(
      ObservationDocRead.safeParse({ sequence_id: "x", time: "sometime", exptime: "long" }).success,
    ).toBe(false);
  });
  it("maps processing run words", () => {
    expect(ProcessedObservationDocRead.parse({ sequence_id: "s", status: "pending" }).status).toBe("queued");
  });
});
