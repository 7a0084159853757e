/**
 * Benchmark of @panoptes/lookup, offline: catalogue cold start (time and memory, each run in a fresh Node
 * process running the library bundled by esbuild, as a deployed function would), and the latency of
 * `resolve()` over a mixed list of queries. Peer: astropy's SkyCoord parsing the same typed coordinates
 * (Debian python3-astropy), measured in the same run.
 *
 * Run: npx tsx scripts/bench/lookup.ts [--runs N]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

const ROOT = path.resolve(__dirname, "../..");
const RUNS = process.argv.includes("--runs") ? Number(process.argv[process.argv.indexOf("--runs") + 1]) : 7;
const TARGETS = { coldStartMs: 300, lookupMs: 1, memoryMb: 100 };

/** Queries of every kind, hits and misses, in the proportions a search box sees. */
const QUERIES = [
  "Vega",
  "alf Cyg",
  "Alpha Cygni",
  "α Lyr",
  "Betelgeuse",
  "M 42",
  "M31",
  "Messier 31",
  "NGC7000",
  "Andromeda Galaxy",
  "HIP 91262",
  "HD 172167",
  "HIP 12345",
  "05:35:16.8 -05:23:15",
  "5h35m16.8s -5d23m15s",
  "83.82 -5.39",
  "Wasp 35",
  "KIC 8462852",
];
const COORDINATES = [
  "05:35:16.8 -05:23:15",
  "5h35m16.8s -5d23m15s",
  "18h36m56.336s +38d47m01.28s",
  "83.82 -5.39",
];

/** The child: loads the catalogue once, reports time and memory, then times resolve() per query. */
const CHILD_SOURCE = `
import { createResolver, loadCatalog, parseCoordinates } from "./libs/lookup/src/index";
const QUERIES = ${JSON.stringify(QUERIES)};
const COORDINATES = ${JSON.stringify(COORDINATES)};
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] as number; };
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * q))] as number; };
(async () => {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const catalog = await loadCatalog();
  const coldStartMs = performance.now() - t0;
  const rssAfter = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  const peakAfterLoadMb = process.resourceUsage().maxRSS / 1024;
  const t1 = performance.now();
  await catalog.countStars();
  const starTableMs = performance.now() - t1;
  const rssAfterStarsMb = process.memoryUsage().rss / 1e6;
  const peakAfterStarsMb = process.resourceUsage().maxRSS / 1024;
  const resolve = createResolver({ catalog });
  const first = performance.now();
  await resolve("Vega");
  const firstLookupMs = performance.now() - first;
  const all: number[] = [];
  const perQuery: Record<string, number> = {};
  for (const q of QUERIES) {
    const times: number[] = [];
    for (let i = 0; i < 300; i += 1) {
      const t = performance.now();
      try { await resolve(q); } catch { /* misses end in not-found: timed all the same */ }
      times.push(performance.now() - t);
    }
    perQuery[q] = median(times);
    all.push(...times);
  }
  const parse: number[] = [];
  for (let i = 0; i < 2000; i += 1) {
    const t = performance.now();
    parseCoordinates(COORDINATES[i % COORDINATES.length] as string);
    parse.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify({
    coldStartMs, firstLookupMs, rssBeforeMb: rssBefore / 1e6, rssAfterMb: rssAfter / 1e6, heapAfterMb: heapAfter / 1e6,
    peakAfterLoadMb, starTableMs, rssAfterStarsMb, peakAfterStarsMb, peakRssMb: process.resourceUsage().maxRSS / 1024,
    lookupMedianMs: median(all), lookupP99Ms: quantile(all, 0.99), perQuery, parseMedianMs: median(parse),
  }));
})();
`;

interface ChildResult {
  coldStartMs: number;
  firstLookupMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapAfterMb: number;
  peakAfterLoadMb: number;
  starTableMs: number;
  rssAfterStarsMb: number;
  peakAfterStarsMb: number;
  peakRssMb: number;
  lookupMedianMs: number;
  lookupP99Ms: number;
  perQuery: Record<string, number>;
  parseMedianMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Bundles the child next to node_modules, so that require.resolve("d3-celestial/...") works as deployed. */
function bundleChild(): string {
  const dir = path.join(ROOT, "node_modules", ".cache", "bench-lookup");
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, "child.cjs");
  buildSync({
    stdin: { contents: CHILD_SOURCE, resolveDir: ROOT, loader: "ts", sourcefile: "bench-lookup-child.ts" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    logLevel: "error",
  });
  return outfile;
}

function runChild(file: string): ChildResult {
  const result = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`benchmark child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ChildResult;
}

/** Median seconds per SkyCoord parse of the same coordinate strings, or undefined without astropy. */
function astropyParseMs(): number | undefined {
  const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const script = [
    "import json, sys, time, statistics",
    "import astropy.units as u",
    "from astropy.coordinates import SkyCoord",
    "texts = json.load(sys.stdin)",
    "units = [(u.hourangle, u.deg) if (':' in t or 'h' in t) else (u.deg, u.deg) for t in texts]",
    "times = []",
    "for i in range(400):",
    "    t = time.perf_counter()",
    "    SkyCoord(texts[i % len(texts)], unit=units[i % len(texts)])",
    "    times.append(time.perf_counter() - t)",
    "print(json.dumps(statistics.median(times) * 1000))",
  ].join("\n");
  const result = spawnSync(python, ["-c", script], { input: JSON.stringify(COORDINATES), encoding: "utf8" });
  if (result.status !== 0) {
    console.warn(`astropy peer not measured (install Debian python3-astropy): ${result.stderr.slice(-200)}`);
    return undefined;
  }
  return JSON.parse(result.stdout) as number;
}

function main(): void {
  const child = bundleChild();
  console.log(
    `@panoptes/lookup offline benchmark: ${RUNS} fresh Node ${process.version} processes, library bundled by esbuild`,
  );
  const runs: ChildResult[] = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(runChild(child));
  const m = (pick: (r: ChildResult) => number): number => median(runs.map(pick));
  const cold = m((r) => r.coldStartMs);
  const coldMax = Math.max(...runs.map((r) => r.coldStartMs));
  const rssDelta = m((r) => r.rssAfterMb - r.rssBeforeMb);
  const peak = m((r) => r.peakRssMb);
  const lookup = m((r) => r.lookupMedianMs);
  const p99 = m((r) => r.lookupP99Ms);
  const parse = m((r) => r.parseMedianMs);
  const peer = astropyParseMs();

  const verdict = (ok: boolean): string => (ok ? "met" : "NOT met");
  const peakLoad = m((r) => r.peakAfterLoadMb);
  const starMs = m((r) => r.starTableMs);
  const starRss = m((r) => r.rssAfterStarsMb - r.rssAfterMb);
  const rows: [string, string, string, string][] = [
    [
      "cold start: loadCatalog() (median)",
      `${cold.toFixed(1)} ms`,
      `< ${TARGETS.coldStartMs} ms`,
      verdict(cold < TARGETS.coldStartMs),
    ],
    [
      "cold start: slowest run",
      `${coldMax.toFixed(1)} ms`,
      `< ${TARGETS.coldStartMs} ms`,
      verdict(coldMax < TARGETS.coldStartMs),
    ],
    [
      "memory: RSS added by loadCatalog()",
      `${rssDelta.toFixed(1)} MB`,
      `< ${TARGETS.memoryMb} MB`,
      verdict(rssDelta < TARGETS.memoryMb),
    ],
    [
      "memory: peak RSS of the process after load",
      `${peakLoad.toFixed(1)} MB`,
      `< ${TARGETS.memoryMb} MB`,
      verdict(peakLoad < TARGETS.memoryMb),
    ],
    [
      "lookup: resolve() median, mixed queries",
      `${(lookup * 1000).toFixed(1)} µs`,
      `< ${TARGETS.lookupMs} ms`,
      verdict(lookup < TARGETS.lookupMs),
    ],
    [
      "lookup: resolve() p99",
      `${(p99 * 1000).toFixed(1)} µs`,
      `< ${TARGETS.lookupMs} ms`,
      verdict(p99 < TARGETS.lookupMs),
    ],
    ["first lookup after load", `${(m((r) => r.firstLookupMs) * 1000).toFixed(1)} µs`, "-", "-"],
    ["lazy: full Hipparcos table (first unnamed HIP)", `${starMs.toFixed(1)} ms`, "-", "-"],
    ["lazy: RSS added by the full table", `${starRss.toFixed(1)} MB`, "-", "-"],
    [
      "memory: peak RSS of the process, table read",
      `${m((r) => r.peakAfterStarsMb).toFixed(1)} MB`,
      `< ${TARGETS.memoryMb} MB`,
      verdict(m((r) => r.peakAfterStarsMb) < TARGETS.memoryMb),
    ],
    [
      "memory: peak RSS at the end (after all lookups)",
      `${peak.toFixed(1)} MB`,
      `< ${TARGETS.memoryMb} MB`,
      verdict(peak < TARGETS.memoryMb),
    ],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]?.length ?? 0), 8));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => cell.padEnd(widths[c] as number)).join("  ");
  console.log();
  console.log(line(["figure", "measured", "target", "result"]));
  for (const r of rows) console.log(line(r));

  console.log("\nmedian resolve() latency per query (median over runs):");
  for (const q of QUERIES)
    console.log(`  ${q.padEnd(24)} ${(m((r) => r.perQuery[q] as number) * 1000).toFixed(1)} µs`);

  console.log("\npeer: typed coordinates parsed per call (median)");
  console.log(`  @panoptes/lookup parseCoordinates   ${(parse * 1000).toFixed(1)} µs`);
  if (peer !== undefined) {
    console.log(`  astropy ${"SkyCoord(text, unit=...)".padEnd(27)} ${(peer * 1000).toFixed(1)} µs`);
    console.log(`  ratio astropy / ours                ${(peer / parse).toFixed(0)}x`);
  }
  console.log(
    `\nrss before load ${m((r) => r.rssBeforeMb).toFixed(1)} MB, after ${m((r) => r.rssAfterMb).toFixed(1)} MB, ` +
      `heap after ${m((r) => r.heapAfterMb).toFixed(1)} MB (median of ${RUNS} runs)`,
  );
}

main();
