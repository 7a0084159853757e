/**
 * Benchmark of @panoptes/cr2 against Debian's dcraw on an EOS 100D-sized CR2 (5280×3528, 14-bit, sky-like
 * noisy data, 4-component lossless JPEG in 3 slices) written by writeTestCr2.
 *
 *   npx tsx scripts/bench/cr2.ts [--runs N]
 *
 * The file is generated in a child process, so the peak RSS printed is that of reading, decoding and
 * debayering only. Prints: read+decode time vs `dcraw -D -4 -t 0 -c file > /dev/null` (median of N runs each, ratio), half and
 * bilinear debayer times, and this process's peak RSS. Checks pixel equality with dcraw first.
 *
 * Then the full conversion of @panoptes/cr2-fits as make-rgb-fits runs it (read file, decode, crop, Bayer FITS,
 * then R, G, B FITS one at a time, each product dropped before the next), each run in a fresh child process so
 * its peak RSS is that of one conversion alone: median of N runs (bilinear) and of up to 3 (half), the ratio
 * to dcraw's decode (target <= 2) and the largest child peak RSS (target < 512 MB, the function's memory).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { cropMosaic, dcrawVisibleArea, debayerBilinear, debayerHalf, decodeRaw } from "@panoptes/cr2";
import { openCr2, PRODUCTS, productFits } from "@panoptes/cr2-fits";
import { starField, writeTestCr2 } from "@panoptes/demo";

const WIDTH = 5280;
const HEIGHT = 3528;
const BITS = 14;
const DECODE_TARGET_RATIO = 1.0;
const CONVERT_TARGET_RATIO = 2.0;
const RSS_TARGET_MB = 512;

function parseRuns(argv: string[]): number {
  const i = argv.indexOf("--runs");
  const n = i >= 0 ? Number(argv[i + 1]) : 5;
  return Number.isInteger(n) && n > 0 ? n : 5;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Night-sky-like raw frame: black level, gradient, Gaussian-ish read/shot noise, Bayer colour offsets, stars. */
function skyFrame(width: number, height: number): Uint16Array {
  const colourGain = [1.0, 1.6, 1.6, 1.2];
  return starField({
    width,
    height,
    seed: 2024,
    sky: (x, y) =>
      2048 + (colourGain[(y & 1) * 2 + (x & 1)] ?? 1) * (180 + 60 * (x / width) + 40 * (y / height)),
    noiseSigma: 17,
    stars: 4000,
    peak: { min: 500, max: 12500 },
    psf: { sigma: 1, radius: 3 },
    max: (1 << BITS) - 1,
  });
}

/** Child-process mode: write the benchmark file (keeps the generator's memory out of the measured process). */
function generate(file: string): void {
  const t = process.hrtime.bigint();
  const pixels = skyFrame(WIDTH, HEIGHT);
  const bytes = writeTestCr2({
    width: WIDTH,
    height: HEIGHT,
    bits: BITS,
    components: 4,
    slices: [2, 1728, 1824],
    pixels,
  });
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(`${file}.pixels`, pixels);
  console.log(
    `generated ${WIDTH}x${HEIGHT} ${BITS}-bit CR2 (${(bytes.length / 1e6).toFixed(1)} MB, ${((8 * bytes.length) / (WIDTH * HEIGHT)).toFixed(2)} bits/pixel) in ${ms(t).toFixed(0)} ms`,
  );
}

/**
 * A full garbage collection between measured steps, so that the peak RSS is that of one conversion at a time
 * (as the service runs them) and not of garbage the collector has not reached yet.
 */
function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  const gc: unknown = vm.runInNewContext("gc");
  return typeof gc === "function" ? () => (gc as () => void)() : () => undefined;
}

/** Decodes once and compares with the generator's pixels and with dcraw -D's cropped output. */
function verify(file: string): { equalWritten: boolean; equalDcraw: boolean; area: string } {
  const raw = decodeRaw(new Uint8Array(fs.readFileSync(file)));
  const equalWritten = fs.readFileSync(`${file}.pixels`).equals(Buffer.from(raw.data.buffer));
  fs.rmSync(`${file}.pixels`);
  const dc = spawnSync("dcraw", ["-D", "-4", "-t", "0", "-c", file], { maxBuffer: 1 << 30 });
  const header = /^P5\s+(\d+)\s+(\d+)\s+\d+\s/.exec(dc.stdout.subarray(0, 64).toString("latin1"));
  const area = dcrawVisibleArea(raw.width, raw.height);
  const crop = cropMosaic(raw, area);
  let equalDcraw = header !== null && Number(header[1]) === crop.width && Number(header[2]) === crop.height;
  if (equalDcraw && header) {
    const body = dc.stdout.subarray(header[0].length);
    for (let i = 0; i < crop.data.length; i++) {
      if (body.readUInt16BE(2 * i) !== crop.data[i]) {
        equalDcraw = false;
        break;
      }
    }
  }
  return { equalWritten, equalDcraw, area: `${area.width}x${area.height}+${area.left}+${area.top}` };
}

/**
 * Child-process mode: one full conversion as make-rgb-fits does it; prints `{ms, peakMb, bytes}` as JSON.
 * Products go to /dev/null (the service uploads each and drops it).
 */
function convertOnce(file: string, interpolation: "bilinear" | "half"): void {
  const t = process.hrtime.bigint();
  const source = openCr2(new Uint8Array(fs.readFileSync(file)));
  const devNull = fs.openSync("/dev/null", "w");
  let bytes = 0;
  for (const product of PRODUCTS) {
    const fits = productFits(source, product, { interpolation });
    fs.writeSync(devNull, fits);
    bytes += fits.length;
  }
  fs.closeSync(devNull);
  const elapsed = ms(t);
  console.log(JSON.stringify({ ms: elapsed, peakMb: process.resourceUsage().maxRSS / 1024, bytes }));
}

function convertInChild(
  file: string,
  interpolation: "bilinear" | "half",
): { ms: number; peakMb: number; bytes: number } {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, "--convert", file, interpolation], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`the conversion process exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as {
    ms: number;
    peakMb: number;
    bytes: number;
  };
}

function main(): void {
  const gen = process.argv.indexOf("--generate");
  if (gen >= 0) {
    generate(process.argv[gen + 1] ?? "");
    return;
  }
  const conv = process.argv.indexOf("--convert");
  if (conv >= 0) {
    convertOnce(process.argv[conv + 1] ?? "", process.argv[conv + 2] === "half" ? "half" : "bilinear");
    return;
  }
  const runs = parseRuns(process.argv);
  const dcrawCheck = spawnSync("dcraw", [], { encoding: "utf8" });
  if (dcrawCheck.error) {
    console.error("dcraw is not installed: apt-get install dcraw");
    process.exit(1);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cr2-"));
  const file = path.join(dir, "eos100d-sky.cr2");
  try {
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, "--generate", file], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (child.status !== 0) throw new Error(`the generator process exited with ${child.status}`);

    // correctness first: equal to what was written, and to dcraw's (cropped) output
    const { equalWritten, equalDcraw, area } = verify(file);
    console.log(`decoded == written pixels: ${equalWritten}; crop ${area} == dcraw -D: ${equalDcraw}`);
    const gc = collector();
    gc();

    let t: bigint;
    const ours: number[] = [];
    const theirs: number[] = [];
    const devNull = fs.openSync("/dev/null", "w");
    for (let i = 0; i < runs; i++) {
      t = process.hrtime.bigint();
      const r = spawnSync("dcraw", ["-D", "-4", "-t", "0", "-c", file], {
        stdio: ["ignore", devNull, "ignore"],
      });
      theirs.push(ms(t));
      if (r.status !== 0) throw new Error(`dcraw exited with ${r.status}`);
      t = process.hrtime.bigint();
      decodeRaw(new Uint8Array(fs.readFileSync(file)));
      ours.push(ms(t));
      gc();
    }
    fs.closeSync(devNull);

    const raw = decodeRaw(new Uint8Array(fs.readFileSync(file)));
    const half: number[] = [];
    const bilinear: number[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      t = process.hrtime.bigint();
      debayerHalf(raw);
      half.push(ms(t));
      gc();
      t = process.hrtime.bigint();
      debayerBilinear(raw);
      bilinear.push(ms(t));
      gc();
    }
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const ratio = median(ours) / median(theirs);

    const full = Array.from({ length: runs }, () => convertInChild(file, "bilinear"));
    const fullHalf = Array.from({ length: Math.min(runs, 3) }, () => convertInChild(file, "half"));
    const fullMs = median(full.map((r) => r.ms));
    const fullRatio = fullMs / median(theirs);
    const childPeak = Math.max(...full.map((r) => r.peakMb), ...fullHalf.map((r) => r.peakMb));

    const rows: [string, string, string][] = [
      ["read + decode (@panoptes/cr2)", `${median(ours).toFixed(0)} ms`, `median of ${runs}`],
      ["dcraw -D -4 -t 0 -c > /dev/null", `${median(theirs).toFixed(0)} ms`, `median of ${runs}`],
      [
        "decode ratio (ours / dcraw)",
        ratio.toFixed(2),
        `target <= ${DECODE_TARGET_RATIO.toFixed(1)}: ${ratio <= DECODE_TARGET_RATIO ? "MET" : "NOT MET"}`,
      ],
      ["debayer half (2640x1764 x 3, float32)", `${median(half).toFixed(0)} ms`, `median of ${half.length}`],
      [
        "debayer bilinear (5280x3528 x 3, float32)",
        `${median(bilinear).toFixed(0)} ms`,
        `median of ${bilinear.length}`,
      ],
      [
        "peak RSS of this process",
        `${peakMb.toFixed(0)} MB`,
        `target < ${RSS_TARGET_MB} MB: ${peakMb < RSS_TARGET_MB ? "MET" : "NOT MET"}`,
      ],
      [
        "full conversion, bilinear (decode + Bayer + R,G,B FITS)",
        `${fullMs.toFixed(0)} ms`,
        `median of ${full.length}, ${((full[0]?.bytes ?? 0) / 1e6).toFixed(0)} MB of FITS`,
      ],
      [
        "full conversion ratio (ours / dcraw decode)",
        fullRatio.toFixed(2),
        `target <= ${CONVERT_TARGET_RATIO.toFixed(1)}: ${fullRatio <= CONVERT_TARGET_RATIO ? "MET" : "NOT MET"}`,
      ],
      [
        "full conversion, half",
        `${median(fullHalf.map((r) => r.ms)).toFixed(0)} ms`,
        `median of ${fullHalf.length}, ${((fullHalf[0]?.bytes ?? 0) / 1e6).toFixed(0)} MB of FITS`,
      ],
      [
        "peak RSS of one conversion (child process)",
        `${childPeak.toFixed(0)} MB`,
        `bilinear ${Math.max(...full.map((r) => r.peakMb)).toFixed(0)}, half ${Math.max(...fullHalf.map((r) => r.peakMb)).toFixed(0)}; target < ${RSS_TARGET_MB} MB: ${childPeak < RSS_TARGET_MB ? "MET" : "NOT MET"}`,
      ],
      ["pixels equal to dcraw", equalDcraw && equalWritten ? "yes" : "NO", ""],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    console.log("");
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
    console.log(`\nnode ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"})`);
    if (!(equalDcraw && equalWritten)) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
