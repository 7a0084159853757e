/**
 * Benchmark of the plate solve on a full PANOPTES frame (5208×3476, real sky of the "ordinary" field,
 * fpacked with Debian's fpack), in one run:
 *
 *   npm run bench:solve            (BENCH_SOLVE_FIELD=rotated|pole|ra-wrap|ordinary picks the field)
 *
 * - ours: read the .fits.fz (Rice through libs/fits), detect stars, solve-field on the xylist with the scale
 *   bounds and the RA-MNT/DEC-MNT hint, read the WCS back; run in a child process under /usr/bin/time, so
 *   the peak RSS printed is that of Node (reading and detection) and, separately, of solve-field;
 * - peer: `solve-field FRAME.fits --guess-scale --downsample 4 --no-verify --crpix-center` (PANOPTES' own
 *   options: it detects stars itself, no scale or position hint) on the same pixels, uncompressed;
 * - both: the largest distance (pixels) from the true WCS over an 11×11 grid including the corners.
 *
 * Targets (issue 13): ≤ 0.5× solve-field's time, ≤ 512 MiB, ≤ 1 px.
 */
import {
  detectStars,
  projection,
  readFrame,
  solveFrame,
  type WcsKeywords,
  wcsFromHeader,
} from "@panoptes/astrometry";
import { realSkyFrame, type SkyFieldName } from "@panoptes/demo";
import { bufferByteSource, fileByteSource, readHeader } from "@panoptes/fits";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const WIDTH = 5208;
const HEIGHT = 3476;

function worstPixelError(truth: WcsKeywords, solved: WcsKeywords): number {
  const t = projection(truth);
  const s = projection(solved);
  let worst = 0;
  for (let j = 0; j < 11; j++) {
    for (let i = 0; i < 11; i++) {
      const x = 1 + ((WIDTH - 1) * i) / 10;
      const y = 1 + ((HEIGHT - 1) * j) / 10;
      const sky = t.pixelToSky(x, y);
      const back = s.skyToPixel(sky.ra, sky.dec);
      worst = back === null ? Infinity : Math.max(worst, Math.hypot(back.x - x, back.y - y));
    }
  }
  return worst;
}

/** Runs argv under GNU time; returns wall seconds, peak RSS (MiB) of the largest process and the output. */
function timed(argv: string[]): { seconds: number; rssMiB: number; stdout: string; status: number | null } {
  const started = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "__RSS_KB=%M", ...argv], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = /__RSS_KB=(\d+)/.exec(r.stderr);
  if (r.status !== 0 && !rss) throw new Error(`${argv[0]} failed: ${r.stderr.slice(-2000)}`);
  return { seconds, rssMiB: rss ? Number(rss[1]) / 1024 : NaN, stdout: r.stdout, status: r.status };
}

async function main(): Promise<void> {
  const field = (process.env.BENCH_SOLVE_FIELD ?? "ordinary") as SkyFieldName;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-solve-"));
  const frame = await realSkyFrame(field, { width: WIDTH, height: HEIGHT }, { seed: 2024 });
  const fitsPath = path.join(dir, "frame.fits");
  fs.writeFileSync(fitsPath, frame.bytes);
  if (spawnSync("fpack", [fitsPath]).status !== 0)
    throw new Error("fpack failed (Debian package libcfitsio-bin)");
  const fzPath = `${fitsPath}.fz`;
  console.log(
    `frame: ${WIDTH}×${HEIGHT} "${field}" field, ${frame.catalogStars} Tycho-2 stars and ${frame.faintStars} fainter ones; ` +
      `${(fs.statSync(fzPath).size / 1e6).toFixed(1)} MB fpacked`,
  );

  // Ours, in a child process: `panoptes solve --json` does read + detect + solve.
  const cli = path.join(__dirname, "../../libs/cli/bin/panoptes.mjs");
  const ours = timed([process.execPath, cli, "solve", fzPath, "--json"]);
  const result = JSON.parse(ours.stdout.trim().split("\n").pop() as string);
  const oursError = result.wcs ? worstPixelError(frame.truth, result.wcs) : Infinity;

  // Ours in this process, step by step: what the service pays per message (no start-up).
  let t = performance.now();
  const frameIn = await readFrame(await fileByteSource(fzPath));
  const readSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const detected = detectStars(frameIn.pixels, frameIn.width, frameIn.height);
  const detectSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const inProcess = await solveFrame(frameIn);
  const solveSeconds = (performance.now() - t) / 1000;
  const pathSeconds = readSeconds + solveSeconds;

  // The peer, as PANOPTES ran it.
  const peerDir = path.join(dir, "peer");
  const peer = timed([
    "solve-field",
    fitsPath,
    "--guess-scale",
    "--downsample",
    "4",
    "--no-verify",
    "--crpix-center",
    "--no-plots",
    "--overwrite",
    "--cpulimit",
    "300",
    "--dir",
    peerDir,
    "--new-fits",
    "none",
  ]);
  const peerWcsFile = path.join(peerDir, "frame.wcs");
  const peerWcs = fs.existsSync(peerWcsFile)
    ? wcsFromHeader((await readHeader(bufferByteSource(new Uint8Array(fs.readFileSync(peerWcsFile))))).header)
    : null;
  const peerError = peerWcs ? worstPixelError(frame.truth, peerWcs) : Infinity;

  const rows = [
    ["", "seconds", "peak RSS MiB", "worst px vs truth", "stars", "index"],
    [
      "ours (read .fz, detect, solve-field xylist)",
      ours.seconds.toFixed(2),
      ours.rssMiB.toFixed(0),
      oursError.toFixed(3),
      String(result.stars_detected),
      String(result.index),
    ],
    [
      "solve-field --guess-scale --downsample 4",
      peer.seconds.toFixed(2),
      peer.rssMiB.toFixed(0),
      peerError.toFixed(3),
      "",
      "",
    ],
  ];
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(46) : c.padStart(14))).join(""));
  console.log(
    `ours in one process: read + Rice ${readSeconds.toFixed(2)} s, detection ${detectSeconds.toFixed(2)} s (${detected.stars.length} stars), ` +
      `detection + solve-field ${solveSeconds.toFixed(2)} s; whole path ${pathSeconds.toFixed(2)} s (the CLI run above adds Node and tsx start-up); ` +
      `solved ${inProcess.solved}, worst ${inProcess.wcs ? worstPixelError(frame.truth, inProcess.wcs).toFixed(3) : "-"} px`,
  );
  console.log(
    `time ratio ours/solve-field: ${(pathSeconds / peer.seconds).toFixed(2)} per message in the service, ` +
      `${(ours.seconds / peer.seconds).toFixed(2)} through the CLI (target ≤ 0.5); ` +
      `ours peak RSS ${ours.rssMiB.toFixed(0)} MiB (target ≤ 512; GNU time reports the largest process of the tree); ` +
      `worst error ${oursError.toFixed(3)} px (target ≤ 1)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
