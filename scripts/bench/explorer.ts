// Data Explorer benchmark. Run with the emulators up:
//   PANOPTES_EMULATOR_PORT_OFFSET=1000 node scripts/emulators.mjs exec --only firestore,auth,functions,hosting \
//     'npx tsx scripts/bench/explorer.ts'
// Figures: first-load JavaScript of the home page (gzipped, as Chromium fetched it), read-API p50/p95 latency for
// the observation list and a cone search over 10,000 observations (through the Functions emulator, and against
// the peer: the same Firestore query by the admin SDK without HTTP; for the cone search also the naive plan, a
// declination-range query filtered by distance), and the time until the home page shows data in headless Chromium.
import { seededRandom, sequenceIdFor, syntheticObservation, syntheticUnit } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor, toFirestoreData } from "@panoptes/platform";
import { angularDistanceDeg, planConeQuery } from "@panoptes/sky";
import { hostingBaseUrl, launchChromium, TEST_PROJECT_ID } from "@panoptes/testing";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { FieldPath, type Firestore } from "firebase-admin/firestore";

const ROOT = path.resolve(__dirname, "../..");
const N_OBS = Number(process.env.BENCH_OBSERVATIONS ?? 10_000);
const N_REQ = Number(process.env.BENCH_REQUESTS ?? 100);
const N_PAGE_LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 9);
// The emulator answers array-contains-any by scanning the collection once per value (seconds per query at
// 10,000 documents), so the Firestore peers get fewer runs.
const N_PEER = Number(process.env.BENCH_PEER_REQUESTS ?? 5);
const TARGETS = { firstLoadKb: 150, p95Ms: 150, homeMs: 1500 };

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function stats(ms: number[]): { p50: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
}

/** GET over node:http (fetch refuses port 6000, where the Hosting emulator sits at offset 1000). */
function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      })
      .on("error", reject);
  });
}

async function timed(n: number, run: (i: number) => Promise<void>, warmUp = 5): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await run(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function seed(db: Firestore): Promise<void> {
  const rnd = seededRandom(2024);
  const writer = db.bulkWriter({ throttling: false });
  const units = Array.from({ length: 20 }, (_, i) => `PAN${String(900 + i)}`);
  for (const u of units) {
    void writer.set(
      db.collection(COLLECTIONS.units).doc(u),
      toFirestoreData(
        syntheticUnit(u, {
          num_observations: N_OBS / 20,
          num_images: N_OBS * 3,
          total_minutes_exptime: N_OBS * 6,
        }),
      ) as FirebaseFirestore.DocumentData,
    );
  }
  const t0 = Date.UTC(2023, 0, 1);
  for (let i = 0; i < N_OBS; i++) {
    const unit = units[i % units.length]!;
    const camera = i % 2 === 0 ? "14d3bd" : "ee04d1";
    const time = new Date(t0 + i * 3_600_000 + Math.floor(rnd() * 1000) * 1000);
    const obs = syntheticObservation({
      sequence_id: sequenceIdFor(unit, camera, time),
      unit_id: unit,
      camera_id: camera,
      time,
      field_name: `Bench ${i % 500}`,
      ra: rnd() * 360,
      dec: (Math.asin(2 * rnd() - 1) * 180) / Math.PI,
      num_images: 1 + Math.floor(rnd() * 60),
    });
    void writer.set(
      db.collection(COLLECTIONS.observations).doc(obs.sequence_id),
      toFirestoreData(obs) as FirebaseFirestore.DocumentData,
    );
  }
  await writer.close();
}

async function main(): Promise<void> {
  if (!process.env.FIRESTORE_EMULATOR_HOST || !process.env.FIREBASE_EMULATOR_HUB) {
    throw new Error(
      "run through: node scripts/emulators.mjs exec --only firestore,auth,functions,hosting 'npx tsx scripts/bench/explorer.ts'",
    );
  }
  const hub = JSON.parse(
    (await httpGet(`http://${process.env.FIREBASE_EMULATOR_HUB}/emulators`)).body,
  ) as Record<string, { host: string; port: number }>;
  const fn = hub.functions;
  if (!fn) throw new Error("the Functions emulator is not running");
  const apiBase = `http://${fn.host}:${fn.port}/${TEST_PROJECT_ID}/us-central1/explorerApi`;
  const site = await hostingBaseUrl();
  const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));

  console.error("[bench] building the web app");
  execFileSync("npx", ["vite", "build", "--logLevel", "error"], {
    cwd: path.join(ROOT, "services/explorer"),
    stdio: "inherit",
  });

  const seedStart = performance.now();
  await seed(db);
  const seedMs = performance.now() - seedStart;
  console.error(`[bench] seeded ${N_OBS} observations in ${(seedMs / 1000).toFixed(1)} s`);

  const rnd = seededRandom(7);
  const cones = Array.from({ length: N_REQ + 10 }, () => ({
    ra: rnd() * 360,
    dec: (Math.asin(2 * rnd() - 1) * 180) / Math.PI,
    radius: 2,
  }));
  const cone = (i: number) => cones[(i + cones.length) % cones.length]!;

  // API through the Functions emulator (HTTP, express, zod, Firestore).
  const list = stats(
    await timed(N_REQ, async () => {
      const r = await httpGet(`${apiBase}/observations?limit=50`);
      if (r.status !== 200) throw new Error(`list answered ${r.status}: ${r.body}`);
    }),
  );
  let coneRows = 0;
  const coneApi = stats(
    await timed(N_REQ, async (i) => {
      const c = cone(i);
      const r = await httpGet(`${apiBase}/observations?limit=50&ra=${c.ra}&dec=${c.dec}&radius=${c.radius}`);
      if (r.status !== 200) throw new Error(`cone search answered ${r.status}: ${r.body}`);
      if (i >= 0) coneRows += (JSON.parse(r.body) as { observations: unknown[] }).observations.length;
    }),
  );

  // Peers: the same queries straight from the admin SDK (no HTTP, no function), and the naive cone plan.
  const listSdk = stats(
    await timed(N_REQ, async () => {
      await db
        .collection(COLLECTIONS.observations)
        .orderBy("time", "desc")
        .orderBy(FieldPath.documentId(), "desc")
        .limit(51)
        .get();
    }),
  );
  const coneSdk = stats(
    await timed(
      N_PEER,
      async (i) => {
        const c = cone(i);
        const plan = planConeQuery(c.ra, c.dec, c.radius);
        await db
          .collection(COLLECTIONS.observations)
          .where("sky_cells", "array-contains-any", plan.cells)
          .orderBy("time", "desc")
          .orderBy(FieldPath.documentId(), "desc")
          .limit(100)
          .get();
      },
      1,
    ),
  );
  let naiveRows = 0;
  const coneNaive = stats(
    await timed(
      N_PEER,
      async (i) => {
        const c = cone(i);
        const snaps = await db
          .collection(COLLECTIONS.observations)
          .where("dec", ">=", Math.max(-90, c.dec - c.radius))
          .where("dec", "<=", Math.min(90, c.dec + c.radius))
          .get();
        const hits = snaps.docs.filter(
          (d) => angularDistanceDeg(c.ra, c.dec, d.get("ra") as number, d.get("dec") as number) <= c.radius,
        );
        if (i >= 0) naiveRows += hits.length;
      },
      1,
    ),
  );

  // The browser: first-load JavaScript and time until the home page shows data (fresh profile every load).
  const port = Number(new URL(site).port);
  const homeMs: number[] = [];
  let firstLoadGz = 0;
  let firstLoadRaw = 0;
  const jsFiles: string[] = [];
  for (let i = 0; i < N_PAGE_LOADS + 1; i++) {
    const b = await launchChromium(undefined, [port]);
    try {
      const page = await b.context.newPage();
      const js: Array<Promise<Buffer>> = [];
      const names: string[] = [];
      page.on("response", (res) => {
        if (res.request().resourceType() === "script") {
          names.push(new URL(res.url()).pathname);
          js.push(res.body());
        }
      });
      await page.goto(`${site}/`);
      await page.locator("[data-testid=observations] tbody tr").first().waitFor();
      await page.locator("[data-testid=summary]").waitFor();
      const ms = (await page.evaluate("performance.now()")) as number;
      if (i > 0) homeMs.push(ms); // the first load warms the function instance
      if (i === 0) {
        const bodies = await Promise.all(js);
        firstLoadRaw = bodies.reduce((s, x) => s + x.length, 0);
        firstLoadGz = bodies.reduce((s, x) => s + zlib.gzipSync(x, { level: 9 }).length, 0);
        jsFiles.push(...names);
      }
    } finally {
      await b.close();
    }
  }
  clearInterval(sampler);
  const home = stats(homeMs);

  const fmt = (v: number) => v.toFixed(1);
  const ok = (v: number, target: number) => (v <= target ? "ok" : "OVER");
  const lines = [
    `Data Explorer benchmark (${N_OBS} observations in the Firestore emulator; ${N_REQ} requests per figure after 5 warm-up; Node ${process.version})`,
    ``,
    `first-load JS (home page)      ${(firstLoadGz / 1024).toFixed(1)} KB gzipped (${(firstLoadRaw / 1024).toFixed(1)} KB raw) in ${jsFiles.length} files   target ≤ ${TARGETS.firstLoadKb} KB  ${ok(firstLoadGz / 1024, TARGETS.firstLoadKb)}`,
    `home page shows data           p50 ${fmt(home.p50)} ms  p95 ${fmt(home.p95)} ms (${homeMs.length} cold loads: ${homeMs.map((m) => m.toFixed(0)).join(", ")} ms)   target < ${TARGETS.homeMs} ms  ${ok(home.p95, TARGETS.homeMs)}`,
    ``,
    `API (Functions emulator, HTTP)        p50 ms   p95 ms   target p95 ≤ ${TARGETS.p95Ms} ms`,
    `  observation list, 50 newest        ${fmt(list.p50).padStart(7)}  ${fmt(list.p95).padStart(7)}   ${ok(list.p95, TARGETS.p95Ms)}`,
    `  cone search r=2°, 50 rows          ${fmt(coneApi.p50).padStart(7)}  ${fmt(coneApi.p95).padStart(7)}   ${ok(coneApi.p95, TARGETS.p95Ms)}   (${(coneRows / N_REQ).toFixed(1)} rows per search)`,
    `peers (admin SDK, no HTTP; cone peers ${N_PEER} runs each)`,
    `  list query                         ${fmt(listSdk.p50).padStart(7)}  ${fmt(listSdk.p95).padStart(7)}   API/SDK p50 ${(list.p50 / listSdk.p50).toFixed(2)}x`,
    `  sky-cell query (index)             ${fmt(coneSdk.p50).padStart(7)}  ${fmt(coneSdk.p95).padStart(7)}   API/SDK p50 ${(coneApi.p50 / coneSdk.p50).toFixed(2)}x`,
    `  naive dec-band query + distance    ${fmt(coneNaive.p50).padStart(7)}  ${fmt(coneNaive.p95).padStart(7)}   naive/index p50 ${(coneNaive.p50 / coneSdk.p50).toFixed(2)}x   (${(naiveRows / N_PEER).toFixed(1)} rows per search, unpaged)`,
    ``,
    `seeding ${N_OBS} observations (bulkWriter, no throttling): ${(seedMs / 1000).toFixed(1)} s; bench process peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  ];
  console.log(lines.join("\n"));
  fs.mkdirSync(path.join(ROOT, "test-output/explorer"), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, "test-output/explorer/bench.json"),
    JSON.stringify(
      {
        firstLoadGz,
        firstLoadRaw,
        jsFiles,
        home,
        list,
        coneApi,
        listSdk,
        coneSdk,
        coneNaive,
        seedMs,
        peakRss,
      },
      null,
      2,
    ),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
