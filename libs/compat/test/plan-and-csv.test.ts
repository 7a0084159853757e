import {
  exportRow,
  MIGRATED_COLLECTIONS,
  OBSERVATION_EXPORT_COLUMNS,
  observationsCsv,
  planDocumentMigration,
} from "../src";

const observations = MIGRATED_COLLECTIONS.find((c) => c.collection === "observations")!;
const units = MIGRATED_COLLECTIONS.find((c) => c.collection === "units")!;

describe("planDocumentMigration", () => {
  it("rewrites a cf-record-image observation and plans nothing for the result", () => {
    const doc: Record<string, unknown> = {
      unit_id: 12,
      camera_id: "14d3bd",
      start_time: "20200318T051500",
      exptime: "120.0",
      field: "KIC 8462852",
      iso: "100",
      camera_filter: null,
      status: "receiving",
      ra: "301.5644",
      dec: 44.4569,
    };
    const changes = planDocumentMigration(observations, doc);
    const byField = Object.fromEntries(changes.map((c) => [c.field, c.to]));
    expect(byField).toMatchObject({
      unit_id: "PAN012",
      time: new Date("2020-03-18T05:15:00Z"),
      exptime: 120,
      iso: 100,
      field_name: "KIC 8462852",
      ra: 301.5644,
      status: "receiving_files",
      field_name_key: "kic8462852",
    });
    expect(byField.sky_cells).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+\//)]));
    expect(
      changes
        .filter((c) => c.to === undefined)
        .map((c) => c.field)
        .sort(),
    ).toEqual(["field", "start_time"]);
    expect("camera_filter" in byField).toBe(false);
    const after = { ...doc };
    for (const c of changes) {
      if (c.to === undefined) delete after[c.field];
      else after[c.field] = c.to;
    }
    expect(planDocumentMigration(observations, after)).toEqual([]);
  });

  it("leaves what cannot be converted, and current documents, alone", () => {
    expect(
      planDocumentMigration(observations, { time: "sometime", exptime: "long", status: "receiving_files" }),
    ).toEqual([]);
    expect(
      planDocumentMigration(units, {
        unit_id: "PAN001",
        status: "active",
        num_images: 3,
        location: { latitude: 1, longitude: 2 },
      }),
    ).toEqual([]);
  });
});

describe("observationsCsv", () => {
  it("quotes commas, quotes and line breaks, leaves nulls empty, ends lines with CRLF", () => {
    const row = exportRow({
      sequence_id: "PAN001_14d3bd_20200318T051500",
      time: new Date("2020-03-18T05:15:00Z"),
      field_name: 'Field "A", north\nside',
      ra: 1.5,
      status: "receiving_files",
    });
    const csv = observationsCsv([row]);
    expect(csv.startsWith(`${OBSERVATION_EXPORT_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(csv).toContain('"Field ""A"", north\nside"');
    expect(csv).toContain("PAN001_14d3bd_20200318T051500,,,2020-03-18T05:15:00.000Z,");
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});
