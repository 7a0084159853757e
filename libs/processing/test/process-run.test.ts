import { readIndexStars } from "@panoptes/astrometry";
import { DEMO_SKY_SPEC, makeSkyFrame } from "@panoptes/demo";
import { robustStd } from "@panoptes/photometry";
import { DEBIAN_PYTHON } from "@panoptes/testing";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  dedupeStars,
  fieldCatalogue,
  type FrameInput,
  processRun,
  runCsv,
  runFits,
  RunFailedError,
  runParameters,
  starId,
} from "../src";

// Injection and recovery without any cloud: frames of a real Tycho-2 field (Debian's index files), photon and
// read noise, drift, a transit injected into the target, one cloudy frame and one corrupt file; the run must
// recover the depth, reach the noise floor and drop the bad frames with their reasons.
const INDEX_DIR = "/usr/share/astrometry";
const TARGET = { ra: 300.83453, dec: 43.79597 };
const SIZE = { width: 900, height: 600 };
const FRAMES = 30;
const DEPTH = 0.02;
const inTransit = (k: number) => k >= 10 && k < 20;
const CLOUDY = 4;
const CORRUPT = 25;

async function sequence(): Promise<{ frames: FrameInput[]; targetMag: number }> {
  const catalog = await readIndexStars(path.join(INDEX_DIR, "index-tycho2-10.littleendian.fits"), {
    ...TARGET,
    radius: 2,
  });
  const target = catalog.find(
    (s) => Math.abs(s.ra - TARGET.ra) < 1e-4 && Math.abs(s.dec - TARGET.dec) < 1e-4,
  )!;
  const start = Date.parse("2024-03-15T06:00:30Z");
  const frames: FrameInput[] = [];
  for (let k = 0; k < FRAMES; k++) {
    const frame = makeSkyFrame({
      ...SIZE,
      ra: TARGET.ra + 0.003 * k,
      dec: TARGET.dec - 0.002 * k,
      catalog: catalog.map((s) =>
        s === target && inTransit(k) ? { ...s, mag: s.mag - 2.5 * Math.log10(1 - DEPTH) } : s,
      ),
      fwhm: 6,
      sky: 300,
      // the cloudy frame lets 40% of the light through
      fluxV10: k === CLOUDY ? 60_000 : 150_000,
      faintDensity: 10,
      seed: 7 + k,
      spec: DEMO_SKY_SPEC,
    });
    const bytes = k === CORRUPT ? frame.bytes.subarray(0, 4000) : frame.bytes;
    frames.push({
      image_id: `f${String(k).padStart(2, "0")}`,
      time: new Date(start + k * 90_000),
      exptime: 60,
      wcs: frame.truth,
      read: () => Promise.resolve(bytes),
    });
  }
  return { frames, targetMag: target.mag };
}

describe("a processing run on generated frames of a real field", () => {
  let result: Awaited<ReturnType<typeof processRun>>;
  let frames: FrameInput[];
  const params = runParameters();

  beforeAll(async () => {
    ({ frames } = await sequence());
    result = await processRun(
      {
        frames,
        unusable: [{ image_id: "g00", reason: "unsolved: not plate-solved yet" }],
        catalogue: (region) => fieldCatalogue({ indexDir: INDEX_DIR, ...region }),
        site: { latitude: 19.54, longitude: -155.58, elevation: 3400 },
        fieldName: null,
        lookup: null,
      },
      params,
    );
  }, 120_000);

  it("chooses the star at the pointing centre as the target and recovers the injected depth", () => {
    expect(result.target).toMatchObject({ id: starId(TARGET.ra, TARGET.dec), rule: "nearest-bright-star" });
    const lc = result.series.lightcurves.find((l) => l.star.id === result.target!.id)!;
    const used = result.frames_used;
    const k = (id: string) => Number(id.slice(1));
    const g = lc.points.map((p) => p.flux.g!);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const inside = g.filter((_, i) => inTransit(k(used[i]!)));
    const outside = g.filter((_, i) => !inTransit(k(used[i]!)));
    const depth = 1 - mean(inside) / mean(outside);
    expect(Math.abs(depth - DEPTH) / DEPTH).toBeLessThan(0.1);
    // out-of-transit scatter within 1.3× the CCD-equation noise of the points
    expect(robustStd(outside)).toBeLessThan(1.3 * (lc.expected_ppm.g! / 1e6));
  });

  it("drops the cloudy frame, the corrupt file and the unsolved frame, each with its reason", () => {
    const reasons = Object.fromEntries(result.frames_dropped.map((d) => [d.image_id, d.reason]));
    expect(reasons[`f0${CLOUDY}`]).toMatch(/^cloudy/);
    expect(reasons[`f${CORRUPT}`]).toMatch(/^unreadable/);
    expect(reasons.g00).toMatch(/^unsolved/);
    expect(result.frames_used).toHaveLength(FRAMES - 2);
  });

  it("reports precision per magnitude bin against the CCD-equation floor", () => {
    expect(result.precision.length).toBeGreaterThan(1);
    for (const bin of result.precision) {
      expect(bin.vmag_max).toBeLessThanOrEqual(params.maxMag);
      expect(bin.stars).toBeGreaterThan(0);
      expect(bin.expected_ppm.g).toBeGreaterThan(0);
    }
    // brighter stars have the lower floor
    const floors = result.precision.map((b) => b.expected_ppm.g!);
    expect(floors[floors.length - 1]).toBeGreaterThan(floors[0]!);
  });

  it("writes the run as CSV and as a FITS binary table that astropy reads", () => {
    const curves = result.series.lightcurves.map((lightcurve) => ({
      lightcurve,
      isTarget: lightcurve.star.id === result.target!.id,
      imageIds: result.frames_used,
    }));
    const csv = runCsv(curves).trim().split("\n");
    const rows = curves.reduce((n, c) => n + c.lightcurve.points.length, 0);
    expect(csv).toHaveLength(rows + 1);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "run-table-")), "run.fits");
    fs.writeFileSync(file, runFits(curves, { sequenceId: "PAN001_14d3bd_20240315T060000", runId: "r1" }));
    const out = JSON.parse(
      execFileSync(DEBIAN_PYTHON, [
        "-c",
        "import sys, json; from astropy.io import fits; h = fits.open(sys.argv[1]); t = h['LIGHTCURVES']; " +
          "m = t.data['TARGET'] == 1; " +
          "print(json.dumps({'rows': len(t.data), 'seq': t.header['SEQID'], 'g': [float(v) for v in t.data['FLUX_G'][m]], " +
          "'bjd': [float(v) for v in t.data['BJD_TDB'][m]], 'bit0': t.header['FLAGBIT0']}))",
        file,
      ]).toString(),
    ) as { rows: number; seq: string; g: number[]; bjd: number[]; bit0: string };
    expect(out).toMatchObject({ rows, seq: "PAN001_14d3bd_20240315T060000", bit0: "saturated" });
    const target = curves.find((c) => c.isTarget)!.lightcurve.points;
    expect(out.g).toHaveLength(target.length);
    out.g.forEach((v, i) => expect(v).toBeCloseTo(target[i]!.flux.g!, 5));
    out.bjd.forEach((v, i) => expect(v).toBeCloseTo(target[i]!.bjd_tdb, 8));
  });
});

describe("a run that cannot produce lightcurves", () => {
  it("fails with the reason when no frame is plate-solved", async () => {
    const run = processRun(
      {
        frames: [],
        unusable: [{ image_id: "a", reason: "unsolved" }],
        catalogue: () => Promise.resolve([]),
        site: null,
        fieldName: null,
        lookup: null,
      },
      runParameters(),
    );
    await expect(run).rejects.toThrow(RunFailedError);
    await expect(run).rejects.toMatchObject({ code: "no-solved-frames" });
  });
});

describe("the field catalogue", () => {
  it("merges the index files without duplicates and gives each star a position id", async () => {
    const stars = await fieldCatalogue({ indexDir: INDEX_DIR, ...TARGET, radius: 1, maxMag: 11.5 });
    const ids = new Set(stars.map((s) => s.id));
    expect(ids.size).toBe(stars.length);
    expect(stars.length).toBeGreaterThan(10);
    expect(stars.every((s, i) => i === 0 || s.vmag >= stars[i - 1]!.vmag)).toBe(true);
    expect(starId(TARGET.ra, TARGET.dec)).toBe("T2 300.83453+43.79597");
    expect(starId(5.5, -3.25)).toBe("T2 005.50000-03.25000");
  });

  it("treats entries closer than 2″ as one star", () => {
    const a = { ra: 10, dec: 20, mag: 8 };
    const near = { ra: 10 + 1 / 3600, dec: 20, mag: 8.1 };
    const far = { ra: 10 + 5 / 3600, dec: 20, mag: 9 };
    expect(dedupeStars([[a], [near, far]])).toEqual([a, far]);
  });
});
