import {
  aavsoExoplanetReport,
  LIGHTCURVE_CSV_COLUMNS,
  lightcurveCsv,
  lightcurveJson,
  LightcurveShapeError,
  normaliseLightcurve,
  parseStoredPoints,
} from "@panoptes/lightcurve-formats";
import { LightcurveDocRead } from "@panoptes/models";
import { DEBIAN_PYTHON, processedRunFixture } from "@panoptes/testing";
import { execFileSync } from "node:child_process";

/** Parses text with Python's csv module (and the AAVSO report's data lines after its `#` header). */
function pythonParse(
  kind: "csv" | "aavso",
  text: string,
): { header: Record<string, string>; rows: string[][] } {
  const script = `
import csv, io, json, sys
text = sys.stdin.read()
header = {}
if "${kind}" == "aavso":
    lines = text.splitlines()
    body = []
    for line in lines:
        if line.startswith("#") and "=" in line:
            k, v = line[1:].split("=", 1)
            header[k] = v
        elif line.startswith("#"):
            body.append(line[1:])
        else:
            body.append(line)
    rows = list(csv.reader(body, delimiter=header["DELIM"]))
else:
    rows = list(csv.reader(io.StringIO(text, newline="")))
print(json.dumps({"header": header, "rows": rows}))
`;
  return JSON.parse(execFileSync(DEBIAN_PYTHON, ["-c", script], { input: text, encoding: "utf8" }));
}

describe("lightcurve formats on a lightcurve measured by libs/photometry", () => {
  const run = processedRunFixture({ sequenceId: "PAN901_1a2b3c_20190702T030000", runId: "run1", frames: 30 });
  const stored = run.lightcurves.find((l) => l.id === run.targetLightcurveId)!;
  const lc = normaliseLightcurve(stored.id, LightcurveDocRead.parse(stored.doc));

  test("CSV: Python's csv module reads one row per point with every value, times in ISO UTC", () => {
    const { rows } = pythonParse("csv", lightcurveCsv(lc));
    expect(rows[0]).toEqual([...LIGHTCURVE_CSV_COLUMNS]);
    expect(rows).toHaveLength(lc.points.length + 1);
    const col = (name: string) => rows[0]!.indexOf(name);
    lc.points.forEach((p, k) => {
      const row = rows[k + 1]!;
      expect(row[col("time")]).toBe(p.time.toISOString());
      expect(Number(row[col("bjd_tdb")])).toBe(p.bjd_tdb);
      expect(Number(row[col("airmass")])).toBe(p.airmass);
      expect(row[col("image_id")]).toBe(p.image_id);
      for (const c of ["r", "g", "b"] as const) {
        expect(Number(row[col(`flux_${c}`)])).toBe(p.flux[c]);
        expect(Number(row[col(`flux_err_${c}`)])).toBe(p.flux_err[c]);
      }
      expect(row[col("flags")]).toBe(p.flags.join(";"));
    });
  });

  test.each([
    ["r", "TR"],
    ["g", "TG"],
    ["b", "TB"],
  ] as const)(
    "AAVSO exoplanet report for %s: the required parameters, filter %s, BJD_TDB rows",
    (ch, filter) => {
      const text = aavsoExoplanetReport(lc, {
        channel: ch,
        software: "panoptes-network test",
        obscode: "XYZ",
        exposureTime: 120,
        site: { latitude: 19.54, longitude: -155.58, elevation: 3400 },
      });
      const { header, rows } = pythonParse("aavso", text);
      expect(header).toMatchObject({
        TYPE: "EXOPLANET",
        OBSCODE: "XYZ",
        SOFTWARE: "panoptes-network test",
        DELIM: ",",
        DATE_TYPE: "BJD_TDB",
        OBSTYPE: "DSLR",
        STAR_NAME: "HD 4242",
        EXPOSURE_TIME: "120",
        DETREND_PARAMETERS: "AIRMASS",
        MEASUREMENT_TYPE: "Rnflux",
        FILTER: filter,
        OBSDATE: lc.points[0]!.time.toISOString().slice(0, 10),
      });
      expect(JSON.parse(header["COMP_STAR-XC"]!)).toEqual(lc.comparisons[ch]!.map((id) => ({ id })));
      expect(rows[0]).toEqual(["DATE", "DIFF", "ERR", "DETREND_1"]);
      const withFlux = lc.points.filter((p) => p.flux[ch] !== null);
      expect(rows.slice(1)).toHaveLength(withFlux.length);
      withFlux.forEach((p, k) => {
        const [date, diff, err, airmass] = rows[k + 1]!.map(Number);
        expect(date).toBeCloseTo(p.bjd_tdb!, 8);
        expect(date).toBeGreaterThan(2458666); // 2019-07-02 in BJD
        expect(diff).toBeCloseTo(p.flux[ch]!, 7);
        expect(err).toBeCloseTo(p.flux_err[ch]!, 7);
        expect(airmass).toBeCloseTo(p.airmass!, 7);
      });
      // the injected 2% transit is in the report: in-transit points are fainter than the others
      const diffs = rows.slice(1).map((r) => Number(r[1]));
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const frames = run.truth.frames.map((f) => f.time.getTime());
      const inside = withFlux.map((p) => run.truth.inTransit(frames.indexOf(p.time.getTime())));
      const depth = mean(diffs.filter((_, k) => !inside[k])) - mean(diffs.filter((_, k) => inside[k]));
      expect(depth).toBeGreaterThan(0.01);
      expect(depth).toBeLessThan(0.03);
    },
  );

  test("JSON: exactly the CLI's fields", () => {
    const json = lightcurveJson(lc);
    expect(Object.keys(json)).toEqual([
      "sequence_id",
      "processed_observation_id",
      "star",
      "rms_ppm",
      "points",
    ]);
    expect(Object.keys(json.star)).toEqual(["id", "name", "ra", "dec", "vmag"]);
    expect(Object.keys(json.points[0]!)).toEqual(["time", "bjd_tdb", "airmass", "flux", "flux_err", "flags"]);
    expect(json.points[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(json.star).toEqual({
      id: stored.doc.star!.id,
      name: "HD 4242",
      ra: lc.star.ra,
      dec: lc.star.dec,
      vmag: 8.6,
    });
  });
});

describe("older lightcurve documents", () => {
  test("a document with only `target` reads with the target as its star; points sorted, flags defaulted", () => {
    const doc = LightcurveDocRead.parse({
      sequence_id: "PAN001_14d3bd_20180216T110623",
      target: { name: "HAT-P-11", ra: 297.71, dec: 48.08 },
      points: [
        { time: new Date("2018-02-16T11:08:00Z"), flux: { g: 1.001 }, flux_err: { g: 0.002 } },
        {
          time: new Date("2018-02-16T11:06:00Z"),
          flux: { r: 0.99, g: 0.999 },
          flux_err: { r: 0.003, g: 0.002 },
        },
      ],
      storage_path: null,
    });
    const lc = normaliseLightcurve("old", doc);
    expect(lc.star).toEqual({
      id: "HAT-P-11",
      name: "HAT-P-11",
      ra: 297.71,
      dec: 48.08,
      vmag: null,
      colour: null,
    });
    expect(lc.points.map((p) => p.time.toISOString())).toEqual([
      "2018-02-16T11:06:00.000Z",
      "2018-02-16T11:08:00.000Z",
    ]);
    expect(lc.points[1]).toMatchObject({ flux: { r: null, g: 1.001, b: null }, flags: [], bjd_tdb: null });
    // no BJD_TDB: the AAVSO report has no rows, and says why
    const report = aavsoExoplanetReport(lc, { channel: "g", software: "t" });
    expect(report.trim().split("\n").at(-1)).toBe("#DATE,DIFF,ERR,DETREND_1");
    expect(report).toMatch(/#NOTES=.*2 points without a flux in this channel left out/);
  });

  test("a document naming no star is refused with a named error", () => {
    const doc = LightcurveDocRead.parse({ sequence_id: "PAN001_14d3bd_20180216T110623", points: [] });
    expect(() => normaliseLightcurve("x", doc)).toThrow(LightcurveShapeError);
  });
});

describe("stored points (storage_path)", () => {
  test("reads an array or {points}, times from ISO text; names what is wrong", () => {
    const pts = [{ time: "2019-07-02T03:00:00Z", flux: { g: 1 }, flux_err: { g: 0.01 }, flags: [] }];
    expect(parseStoredPoints(JSON.stringify(pts), "a.json")[0]!.time).toEqual(
      new Date("2019-07-02T03:00:00Z"),
    );
    expect(parseStoredPoints(JSON.stringify({ points: pts }), "a.json")).toHaveLength(1);
    expect(() => parseStoredPoints("{", "p/a.json")).toThrow(/p\/a.json: not JSON/);
    expect(() => parseStoredPoints(JSON.stringify([{ time: "x" }]), "p/b.json")).toThrow(
      /p\/b.json: not a lightcurve series/,
    );
  });
});
