/**
 * The streamed processing run of `npm run bench:photometry` (run in its own process, so its peak memory is its own):
 * BENCH_RUN_DISTINCT (default 6) full-size 5208 × 3476 frames of a real Tycho-2 field (Cygnus, the stars of
 * Debian's index files, photon and read noise, drift), Rice-compressed with fpack, read BENCH_RUN_FRAMES
 * (default 100) times in turn by libs/processing's processRun exactly as process-observation reads stored frames:
 * decompress, project the catalogue through the WCS, measure every star, drop the pixels. Prints one JSON line:
 * seconds per frame (read + measure), frames, stars measured, lightcurves, peak RSS (MiB), total seconds and the run's
 * precision table (G: median scatter and CCD-equation floor per V bin).
 *   npx tsx scripts/bench/processing-run.ts
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readIndexStars } from "@panoptes/astrometry";
import { DEMO_SKY_SPEC, makeSkyFrame } from "@panoptes/demo";
import { fieldCatalogue, type FrameInput, processRun, runParameters } from "@panoptes/processing";

const WIDTH = 5208;
const HEIGHT = 3476;
const FRAMES = Number(process.env.BENCH_RUN_FRAMES ?? 100);
const DISTINCT = Number(process.env.BENCH_RUN_DISTINCT ?? 6);
const INDEX_DIR = "/usr/share/astrometry";
const CENTRE = { ra: 300.83453, dec: 43.79597 };

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-processing-"));
  try {
    const catalog = await readIndexStars(path.join(INDEX_DIR, "index-tycho2-10.littleendian.fits"), {
      ...CENTRE,
      radius: 10,
    });
    const files: Array<{ file: string; wcs: ReturnType<typeof makeSkyFrame>["truth"] }> = [];
    for (let k = 0; k < DISTINCT; k++) {
      const frame = makeSkyFrame({
        width: WIDTH,
        height: HEIGHT,
        ra: CENTRE.ra + 0.002 * k,
        dec: CENTRE.dec - 0.001 * k,
        catalog,
        fwhm: 6,
        sky: 300,
        fluxV10: 150_000,
        seed: 1 + k,
        spec: DEMO_SKY_SPEC,
      });
      const file = path.join(dir, `frame${k}.fits`);
      fs.writeFileSync(file, frame.bytes);
      const r = spawnSync("fpack", ["-r", "-D", "-Y", file]);
      if (r.status !== 0) throw new Error("fpack failed: apt-get install libcfitsio-bin");
      files.push({ file: `${file}.fz`, wcs: frame.truth });
    }
    fs.writeFileSync(path.join(dir, "frames.json"), JSON.stringify(files));
    // The run in a fresh process, so its peak memory is the run's, not the frame generator's.
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, "run", dir], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (child.status !== 0) throw new Error(`the run failed (exit ${child.status})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function run(dir: string): Promise<void> {
  const files = JSON.parse(fs.readFileSync(path.join(dir, "frames.json"), "utf8")) as Array<{
    file: string;
    wcs: ReturnType<typeof makeSkyFrame>["truth"];
  }>;
  {
    const start = Date.parse("2024-03-15T06:00:30Z");
    const frames: FrameInput[] = Array.from({ length: FRAMES }, (_, k) => {
      const f = files[k % DISTINCT]!;
      return {
        image_id: `f${k}`,
        time: new Date(start + k * 90_000),
        exptime: 60,
        wcs: f.wcs,
        read: async () => new Uint8Array(await fs.promises.readFile(f.file)),
      };
    });
    let peak = process.memoryUsage().rss;
    const t0 = performance.now();
    const result = await processRun(
      {
        frames,
        unusable: [],
        catalogue: (region) => fieldCatalogue({ indexDir: INDEX_DIR, ...region }),
        site: { latitude: 19.54, longitude: -155.58, elevation: 3400 },
        fieldName: null,
        lookup: null,
        progress: () => {
          peak = Math.max(peak, process.memoryUsage().rss);
        },
      },
      runParameters(),
    );
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        frames: FRAMES,
        distinct: DISTINCT,
        stars_measured: result.stars_measured,
        lightcurves: result.series.lightcurves.length,
        seconds_per_frame: result.measure_seconds / FRAMES,
        seconds,
        peak_rss_mib: Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
        fpacked_mib: Math.round(fs.statSync(files[0]!.file).size / 2 ** 20),
        precision: result.precision.map((b) => ({
          vmag: `${b.vmag_min.toFixed(1)}-${b.vmag_max.toFixed(1)}`,
          stars: b.stars,
          rms_ppm_g: b.rms_ppm.g,
          floor_ppm_g: b.expected_ppm.g,
        })),
      }),
    );
  }
}

(process.argv[2] === "run" ? run(process.argv[3]!) : main()).catch((err: unknown) => {
  console.error(`bench/processing-run: ${(err as Error).message}`);
  process.exit(1);
});
