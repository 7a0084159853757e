/**
 * Benchmark of @panoptes/fits against its peers, measured in one run on the same files:
 *  - header parse time per file: readHeader (file source, default read-ahead) vs astropy fits.getheader
 *    (warm, in-process loop in Debian's /usr/bin/python3), median of N;
 *  - Rice decompression of a PANOPTES-sized frame (5000x3500 uint16, fpack -r) vs funpack, median of 5;
 *  - bytes fetched per header vs file size (at most one 2880-byte block beyond the headers).
 * Needs Debian packages python3-astropy and libcfitsio-bin. Run: npx tsx scripts/bench/fits.ts
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  BLOCK_SIZE,
  bufferByteSource,
  countingByteSource,
  fileByteSource,
  openFileByteSource,
  readHeader,
  readImage,
  writeImage,
} from "@panoptes/fits";
import { starField } from "@panoptes/demo";

const HEADER_RUNS = 200;
const DECOMPRESS_RUNS = 5;
const repoRoot = path.resolve(__dirname, "../..");
const fixturesDir = path.resolve(repoRoot, "../shared/fixtures/fits");

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

function need(command: string, pkg: string): void {
  if (spawnSync("sh", ["-c", `command -v ${command}`]).status !== 0) {
    throw new Error(`${command} not found: apt-get install ${pkg}`);
  }
}

/** A PANOPTES-like frame: sky ~2000 ADU with noise, a gradient and a few thousand stars. */
function panoptesFrame(width: number, height: number): Uint16Array {
  return starField({
    width,
    height,
    seed: 12345,
    sky: (x, y) => 2000 + x / 50 + y / 70,
    noiseSigma: 23,
    stars: 3000,
    peak: { min: 500, max: 14500 },
    psf: { sigma: 1, radius: 3 },
    max: 65535,
  });
}

/** Like astropy's getheader: open the file, read the header, close it; median ms. */
async function oursHeaderMs(file: string, ext: number): Promise<number> {
  const once = async (): Promise<void> => {
    const source = openFileByteSource(file);
    try {
      await readHeader(source, { hdu: ext });
    } finally {
      source.close();
    }
  };
  for (let i = 0; i < 20; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < HEADER_RUNS; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  return median(times);
}

function oursMemoryHeaderMs(bytes: Uint8Array, ext: number): Promise<number> {
  return (async () => {
    for (let i = 0; i < 20; i++) await readHeader(bufferByteSource(bytes), { hdu: ext });
    const times: number[] = [];
    for (let i = 0; i < HEADER_RUNS; i++) {
      const t = performance.now();
      await readHeader(bufferByteSource(bytes), { hdu: ext });
      times.push(performance.now() - t);
    }
    return median(times);
  })();
}

const ASTROPY_TIMER = `
import sys, time, json, warnings
from astropy.io import fits
warnings.simplefilter("ignore")
runs = int(sys.argv[1])
out = {}
for f in sys.argv[2:]:
    ext = 1 if f.endswith(".fz") else 0
    for _ in range(5):
        fits.getheader(f, ext)
    lazy, full = [], []
    for _ in range(runs):
        t = time.perf_counter()
        h = fits.getheader(f, ext)
        lazy.append(time.perf_counter() - t)
    for _ in range(runs):
        t = time.perf_counter()
        h = fits.getheader(f, ext)
        for c in h.cards:
            c.keyword; c.value; c.comment
        full.append(time.perf_counter() - t)
    lazy.sort(); full.sort()
    out[f] = [lazy[len(lazy) // 2] * 1000, full[len(full) // 2] * 1000]
print(json.dumps(out))
`;

function timeChild(command: string, args: string[]): { ms: number; maxRssKb: number } {
  const t = performance.now();
  const result = spawnSync("/usr/bin/time", ["-v", command, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? "");
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return { ms, maxRssKb: rss ? Number(rss[1]) : NaN };
}

async function main(): Promise<void> {
  need("fpack", "libcfitsio-bin");
  need("funpack", "libcfitsio-bin");
  if (spawnSync("/usr/bin/python3", ["-c", "import astropy"]).status !== 0) {
    throw new Error("astropy not importable by /usr/bin/python3: apt-get install python3-astropy");
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-fits-"));
  try {
    // The large file: a 5000x3500 uint16 frame with the 342 cards of solved.fits.fz, fpacked with RICE.
    const width = 5000;
    const height = 3500;
    const big = path.join(tmp, "panoptes-5000x3500.fits");
    const solvedHeader = fs.existsSync(path.join(fixturesDir, "solved.fits.fz"))
      ? (await readHeader(await fileByteSource(path.join(fixturesDir, "solved.fits.fz")), { hdu: 1 })).header
      : undefined;
    fs.writeFileSync(
      big,
      writeImage({ pixels: panoptesFrame(width, height), axes: [width, height], header: solvedHeader }),
    );
    execFileSync("fpack", ["-r", "-O", `${big}.fz`, big]);

    const files = [
      ...(fs.existsSync(fixturesDir)
        ? fs
            .readdirSync(fixturesDir)
            .filter((f) => !f.endsWith(".json"))
            .map((f) => path.join(fixturesDir, f))
        : []),
      `${big}.fz`,
    ];

    console.log(
      `\n@panoptes/fits benchmark (node ${process.version}, ${os.cpus().length} cores, median of ${HEADER_RUNS} header reads)\n`,
    );
    const astropy = JSON.parse(
      execFileSync("/usr/bin/python3", ["-c", ASTROPY_TIMER, String(HEADER_RUNS), ...files], {
        encoding: "utf8",
      }),
    ) as Record<string, [number, number]>;

    const rows: string[][] = [];
    let worstRatio = Infinity;
    let worstExtra = 0;
    for (const file of files) {
      const ext = file.endsWith(".fz") ? 1 : 0;
      const ours = await oursHeaderMs(file, ext);
      const memory = await oursMemoryHeaderMs(fs.readFileSync(file), ext);
      const [lazy, full] = astropy[file] as [number, number];
      const { source, counts } = countingByteSource(await fileByteSource(file));
      const result = await readHeader(source, { hdu: ext });
      const headerEnd = result.location.dataStart;
      const extra = counts.bytes - headerEnd;
      worstRatio = Math.min(worstRatio, lazy / ours);
      worstExtra = Math.max(worstExtra, extra);
      rows.push([
        path.basename(file),
        String(result.header.length),
        ours.toFixed(3),
        memory.toFixed(3),
        lazy.toFixed(3),
        full.toFixed(3),
        `${(lazy / ours).toFixed(1)}x`,
        `${counts.requests}`,
        `${counts.bytes}`,
        `${headerEnd}`,
        `${fs.statSync(file).size}`,
      ]);
    }
    table(
      [
        "file",
        "cards",
        "ours ms",
        "ours mem ms",
        "astropy ms",
        "astropy+values ms",
        "speed-up",
        "requests",
        "bytes read",
        "header bytes",
        "file bytes",
      ],
      rows,
    );

    // Rice decompression of the big frame: ours (in process) vs funpack to stdout (process spawn included).
    const fz = `${big}.fz`;
    const oursTimes: number[] = [];
    let peakRss = process.memoryUsage().rss;
    for (let i = 0; i < DECOMPRESS_RUNS; i++) {
      const t = performance.now();
      const image = await readImage(await fileByteSource(fz), { hdu: "image" });
      oursTimes.push(performance.now() - t);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (image.raw.length !== width * height) throw new Error("wrong pixel count");
    }
    const funpackRuns = Array.from({ length: DECOMPRESS_RUNS }, () => timeChild("funpack", ["-S", fz]));
    const oursMs = median(oursTimes);
    const funpackMs = median(funpackRuns.map((r) => r.ms));
    console.log(
      `\nRice decompression, ${width}x${height} uint16 (${fs.statSync(fz).size} bytes .fz), median of ${DECOMPRESS_RUNS}`,
    );
    table(
      ["tool", "ms", "peak RSS MB"],
      [
        ["@panoptes/fits readImage", oursMs.toFixed(1), (peakRss / 2 ** 20).toFixed(0)],
        [
          "funpack -S (incl. spawn, writes 35 MB)",
          funpackMs.toFixed(1),
          (Math.max(...funpackRuns.map((r) => r.maxRssKb)) / 1024).toFixed(0),
        ],
      ],
    );
    const decompressRatio = oursMs / funpackMs;

    console.log("\nTargets");
    table(
      ["target", "measured", "met"],
      [
        [
          "headers >= 5x faster than astropy getheader",
          `${worstRatio.toFixed(1)}x (slowest file)`,
          worstRatio >= 5 ? "yes" : "NO",
        ],
        [
          "Rice decompression within 2x of funpack",
          `${decompressRatio.toFixed(2)}x funpack's time`,
          decompressRatio <= 2 ? "yes" : "NO",
        ],
        [
          "<= one extra 2880-byte block fetched per header",
          `${worstExtra} extra bytes (worst file)`,
          worstExtra <= BLOCK_SIZE ? "yes" : "NO",
        ],
      ],
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
