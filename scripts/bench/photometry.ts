/**
 * Benchmark of @panoptes/photometry, measured in one run:
 *  - full-size frames (5208 × 3476 GBRG, ≥ 500 stars of V 6.5-11.5, photon and read noise): seconds per frame for
 *    measureFrame alone and with reading the frame from a Rice .fits.fz (libs/fits), peak RSS while streaming frames;
 *  - fluxes against Debian's python3-photutils on the same frame, the same site planes, positions and radii (exact
 *    apertures, sigma-clipped annulus median): largest relative difference (target ≤ 0.1%) and photutils' time for
 *    the same work (in-process, after numpy has loaded the planes);
 *  - precision against the noise floor per magnitude: a sequence of BENCH_FRAMES frames of one field (transparency
 *    jitter, drift), lightcurves by buildLightcurves, median scatter over the median CCD-equation error per V bin
 *    (target ≤ 1.3).
 *  - a whole processing run (scripts/bench/processing-run.ts, its own process): BENCH_RUN_FRAMES (default 100)
 *    full-size .fits.fz frames of a real Tycho-2 field streamed through libs/processing processRun: seconds per
 *    frame, peak RSS (target ≤ 2 GiB), the run's precision table.
 * Needs python3-photutils and libcfitsio-bin (fpack). Run: npm run bench:photometry  (BENCH_FRAMES, BENCH_STARS,
 * BENCH_RUN_FRAMES, BENCH_RUN_DISTINCT)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type PhotonStar, PHOTOMETRY_FRAME, renderBayerFrame, seededRandom } from "@panoptes/demo";
import { fileByteSource, physicalPixels, readImage, writeImage } from "@panoptes/fits";
import {
  apertureSum,
  annulusValues,
  buildLightcurves,
  DEFAULT_PHOTOMETRY,
  type FieldStar,
  type MeasuredFrame,
  measureFrame,
  sigmaClippedStats,
  splitMosaic,
  toSitePlane,
} from "@panoptes/photometry";

const WIDTH = 5208;
const HEIGHT = 3476;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 12);
const STARS = Number(process.env.BENCH_STARS ?? 600);
const PARAMS = { ...DEFAULT_PHOTOMETRY, apertureRadius: 4, annulusInner: 7, annulusOuter: 10 };
const SITE = { latitude: 19.54, longitude: -155.58, elevation: 3400 };
const ZERO_POINT = 150000; // e⁻ in G for V = 8 in one exposure
const electrons = (v: number) => ZERO_POINT * 10 ** (-0.4 * (v - 8));

function need(command: string, pkg: string): void {
  if (spawnSync("sh", ["-c", `command -v ${command}`]).status !== 0)
    throw new Error(`${command} not found: apt-get install ${pkg}`);
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

function field(): Array<FieldStar & { x: number; y: number }> {
  const random = seededRandom(2024);
  const stars: Array<FieldStar & { x: number; y: number }> = [];
  while (stars.length < STARS) {
    const x = 40 + random() * (WIDTH - 80);
    const y = 40 + random() * (HEIGHT - 80);
    if (stars.some((s) => Math.abs(s.x - x) < 30 && Math.abs(s.y - y) < 30)) continue;
    // brighter stars are rarer: V from 6.5 to 11.5, weighted towards faint
    const vmag = 11.5 - 5 * Math.sqrt(random());
    stars.push({
      id: `s${stars.length}`,
      name: null,
      ra: 100 + x / 350,
      dec: 20 + y / 350,
      vmag,
      colour: 0.3 + random() * 0.7,
      x,
      y,
    });
  }
  return stars;
}

function frame(stars: ReturnType<typeof field>, k: number): Uint16Array {
  const random = seededRandom(77 + k);
  const transparency = 1 + 0.02 * (random() - 0.5);
  const render: PhotonStar[] = stars.map((s) => {
    const e = electrons(s.vmag) * transparency;
    return {
      x: s.x + 0.2 * k,
      y: s.y - 0.1 * k,
      electrons: { r: e * (0.45 + 0.4 * s.colour!), g: e, b: e * (0.75 - 0.4 * s.colour!) },
    };
  });
  return renderBayerFrame(render, {
    ...PHOTOMETRY_FRAME,
    width: WIDTH,
    height: HEIGHT,
    seed: 1000 + k,
  });
}

async function main(): Promise<void> {
  need("fpack", "libcfitsio-bin");
  const stars = field();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-photometry-"));
  try {
    console.log(`photometry benchmark: ${WIDTH}×${HEIGHT} GBRG frames, ${STARS} stars, ${FRAMES} frames`);
    // 1. One frame: Rice-compress with fpack, then time read + measure.
    const first = frame(stars, 0);
    const raw = path.join(dir, "frame.fits");
    fs.writeFileSync(raw, writeImage({ pixels: first, axes: [WIDTH, HEIGHT], header: [] }));
    spawnSync("fpack", ["-r", "-D", "-Y", raw], { stdio: "inherit" });
    const fz = `${raw}.fz`;
    const positions = stars.map((s) => ({ id: s.id, x: s.x, y: s.y }));
    const readTimes: number[] = [];
    const measureTimes: number[] = [];
    let measured = measureFrame(first, WIDTH, HEIGHT, positions, PARAMS);
    for (let run = 0; run < 3; run++) {
      let t0 = performance.now();
      const image = await readImage(await fileByteSource(fz), { hdu: "image" });
      readTimes.push(performance.now() - t0);
      t0 = performance.now();
      measured = measureFrame(physicalPixels(image) as ArrayLike<number>, WIDTH, HEIGHT, positions, PARAMS);
      measureTimes.push(performance.now() - t0);
    }
    console.log(
      `  per frame: measure ${(med(measureTimes) / 1000).toFixed(2)} s, read .fits.fz ${(med(readTimes) / 1000).toFixed(2)} s, ` +
        `together ${((med(measureTimes) + med(readTimes)) / 1000).toFixed(2)} s (target ≤ 1 s per core)`,
    );

    // 2. photutils on the same planes, positions and radii.
    const planes = splitMosaic(first, WIDTH, HEIGHT, PARAMS.pattern, PARAMS.bias);
    const planeFiles = planes.map((p, k) => {
      const file = path.join(dir, `plane${k}.f32`);
      fs.writeFileSync(file, Buffer.from(p.data.buffer));
      return file;
    });
    const sitePositions = planes.map((p) =>
      measured.map((m) => toSitePlane(m.x, m.y, p.site)).map((q) => [q.x, q.y]),
    );
    const oursT0 = performance.now();
    const ours = planes.map((p, k) =>
      sitePositions[k]!.map(([x, y]) => {
        const ap = apertureSum(p, x!, y!, PARAMS.apertureRadius);
        const sky = sigmaClippedStats(
          annulusValues(p, x!, y!, PARAMS.annulusInner, PARAMS.annulusOuter).values,
        ).median;
        return ap.sum - sky * ap.area;
      }),
    );
    const oursMs = performance.now() - oursT0;
    const posFile = path.join(dir, "positions.json");
    fs.writeFileSync(posFile, JSON.stringify(sitePositions));
    const script = `
import json, sys, time, numpy as np
from photutils.aperture import CircularAperture, CircularAnnulus, ApertureStats, aperture_photometry
from astropy.stats import SigmaClip
h, w = ${planes[0]!.height}, ${planes[0]!.width}
planes = [np.fromfile(f, dtype="<f4").reshape(h, w).astype(float) for f in sys.argv[2:]]
positions = json.load(open(sys.argv[1]))
t0 = time.perf_counter()
out = []
for data, pos in zip(planes, positions):
    ap = CircularAperture(pos, r=${PARAMS.apertureRadius})
    ann = CircularAnnulus(pos, r_in=${PARAMS.annulusInner}, r_out=${PARAMS.annulusOuter})
    s = ApertureStats(data, ann, sigma_clip=SigmaClip(sigma=3.0, maxiters=5))
    t = aperture_photometry(data, ap, method="exact")
    area = ap.area_overlap(data, method="exact")
    out.append([float(v) for v in (t["aperture_sum"] - s.median * area)])
print(json.dumps({"seconds": time.perf_counter() - t0, "flux": out}))
`;
    const py = spawnSync("/usr/bin/python3", ["-c", script, posFile, ...planeFiles], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    if (py.status !== 0)
      throw new Error(`photutils failed (apt-get install python3-photutils): ${py.stderr}`);
    const theirs = JSON.parse(py.stdout) as { seconds: number; flux: number[][] };
    let worst = 0;
    ours.forEach((fluxes, k) =>
      fluxes.forEach((f, i) => {
        const t = theirs.flux[k]![i]!;
        if (Math.abs(t) > 1000) worst = Math.max(worst, Math.abs(f / t - 1));
      }),
    );
    console.log(
      `  vs photutils (${STARS} stars × 4 sites): largest flux difference ${(worst * 100).toFixed(5)}% (target ≤ 0.1%); ` +
        `time ours ${oursMs.toFixed(0)} ms, photutils ${(theirs.seconds * 1000).toFixed(0)} ms, ratio ${(oursMs / 1000 / theirs.seconds).toFixed(2)}×`,
    );

    // 3. A sequence: stream frames (nothing of a frame kept after measuring), then lightcurves.
    const frames: MeasuredFrame[] = [];
    const t0 = performance.now();
    for (let k = 0; k < FRAMES; k++) {
      const pixels = frame(stars, k);
      const shifted = stars.map((s) => ({ id: s.id, x: s.x + 0.2 * k, y: s.y - 0.1 * k }));
      frames.push({
        frame_id: `f${k}`,
        time: new Date(Date.parse("2019-07-02T03:00:00Z") + k * 90_000),
        airmass: 1.2,
        stars: measureFrame(pixels, WIDTH, HEIGHT, shifted, PARAMS),
      });
    }
    const lcT0 = performance.now();
    const result = buildLightcurves(
      stars.map(({ x, y, ...s }) => (void x, void y, s)),
      frames,
      SITE,
    );
    const lcMs = performance.now() - lcT0;
    console.log(
      `  sequence: ${FRAMES} frames generated and measured in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `lightcurves of ${result.lightcurves.length} stars in ${(lcMs / 1000).toFixed(2)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
    console.log("  precision per V bin (G, per frame): median scatter / median CCD-equation error");
    console.log("    V bin      stars  scatter ppm  floor ppm  ratio");
    for (let lo = 6.5; lo < 11.5; lo += 1) {
      const inBin = result.lightcurves.filter(
        (c) =>
          c.star.vmag >= lo &&
          c.star.vmag < lo + 1 &&
          c.rms_ppm.g !== null &&
          c.expected_ppm.g !== null &&
          c.points.every((p) => p.flags.length === 0),
      );
      if (inBin.length === 0) continue;
      const scatter = med(inBin.map((c) => c.rms_ppm.g!));
      const floor = med(inBin.map((c) => c.expected_ppm.g!));
      console.log(
        `    ${lo.toFixed(1)}-${(lo + 1).toFixed(1)}  ${String(inBin.length).padStart(6)}  ${String(scatter).padStart(11)}  ${String(floor).padStart(9)}  ${(scatter / floor).toFixed(2)}`,
      );
    }
    const saturated = result.lightcurves.filter((c) =>
      c.points.some((p) => p.flags.includes("saturated")),
    ).length;
    console.log(
      `  (${saturated} saturated stars left out of the table; mean frames used ${mean([result.frames_used.length])})`,
    );

    // 4. A whole processing run as process-observation runs it, in its own process (its own peak memory).
    const runFrames = Number(process.env.BENCH_RUN_FRAMES ?? 100);
    console.log(
      `  processing run (libs/processing processRun, ${runFrames} full-size .fits.fz frames streamed):`,
    );
    const child = spawnSync(
      path.join(__dirname, "../..", "node_modules/.bin/tsx"),
      [path.join(__dirname, "processing-run.ts")],
      {
        encoding: "utf8",
        env: { ...process.env, BENCH_RUN_FRAMES: String(runFrames) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    if (child.status !== 0)
      throw new Error(
        `scripts/bench/processing-run.ts failed (exit ${child.status ?? child.error?.message})`,
      );
    const r = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
      frames: number;
      distinct: number;
      stars_measured: number;
      lightcurves: number;
      seconds_per_frame: number;
      seconds: number;
      peak_rss_mib: number;
      precision: Array<{ vmag: string; stars: number; rms_ppm_g: number | null; floor_ppm_g: number | null }>;
    };
    console.log(
      `    ${r.frames} frames (${r.distinct} distinct), ${r.stars_measured} Tycho-2 stars measured, ${r.lightcurves} lightcurves: ` +
        `${r.seconds_per_frame.toFixed(2)} s per frame (read + measure; target ≤ 1 s per core), run ${r.seconds.toFixed(0)} s, ` +
        `peak RSS ${r.peak_rss_mib} MiB (target ≤ 2048)`,
    );
    console.log(
      "    V bin      stars  scatter ppm  floor ppm  ratio   (G, per frame, the run's precision table)",
    );
    for (const b of r.precision)
      if (b.rms_ppm_g !== null && b.floor_ppm_g !== null)
        console.log(
          `    ${b.vmag.padEnd(9)}  ${String(b.stars).padStart(5)}  ${String(b.rms_ppm_g).padStart(11)}  ${String(b.floor_ppm_g).padStart(9)}  ${(b.rms_ppm_g / b.floor_ppm_g).toFixed(2)}`,
        );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
