import { execFileSync } from "node:child_process";
import { Storage } from "@google-cloud/storage";
import {
  demoDataset,
  makePanoptesFits,
  panoptesCards,
  sequenceIdFor,
  syntheticImage,
  syntheticObservation,
  syntheticUnit,
} from "@panoptes/demo";
import { headerToMap } from "@panoptes/fits";
import { COLLECTIONS, parseObjectPath } from "@panoptes/models";
import { firebaseApp, firestoreFor, toFirestoreData } from "@panoptes/platform";
import { encodePreviewFiles, previewOfFitsBytes } from "@panoptes/preview";
import { formatDecDms, formatRaHms } from "@panoptes/sky";
import {
  buildExplorer,
  downloadText,
  hostingBaseUrl,
  launchChromium,
  processedRunFixture,
  type ProcessedRunFixture,
  pythonCsvRows,
  REPO_ROOT,
  requireEmulators,
  TEST_PROJECT_ID,
  writeProcessedRun,
} from "@panoptes/testing";
import { randomInt } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";

// End to end in Debian's headless Chromium: the built web app served by the Hosting emulator, /api rewritten to
// the explorer-api function in the Functions emulator, data seeded in the Firestore emulator. Screenshots of
// every page go to test-output/explorer/.

const SHOTS = path.join(REPO_ROOT, "test-output/explorer");
const VEGA = { ra: 279.2347, dec: 38.7837 };

let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
// PAN800..PAN899 (the API tests use PAN100..PAN799); checked unused in beforeAll.
let unitId = `PAN${600 + randomInt(100)}`;
// The newest observation in the emulator, so the home page lists it first.
const start = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
const camera = "14d3bd";
let sequenceId = "";
let lightcurveId: string;
let run: ProcessedRunFixture;
const failedRunId = () => `${run.processedObservationId}-failed`;

async function shot(name: string, target: Page = page): Promise<void> {
  await target.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Whether something other than the web app's index.html answers a path (a function wired by a rewrite).
 * node:http rather than fetch: fetch refuses port 6000 (the Hosting emulator's at port offset 1000).
 */
function served(p: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${p}`, (res) => {
        res.resume();
        resolve(!(res.headers["content-type"] ?? "").includes("text/html"));
      })
      .on("error", reject);
  });
}

beforeAll(async () => {
  requireEmulators("firestore", "auth");
  base = await hostingBaseUrl();
  // Test the current sources: build the app into dist/, which the Hosting emulator serves from disk.
  await buildExplorer();
  fs.mkdirSync(SHOTS, { recursive: true });

  const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  for (let tries = 0; ; tries++) {
    const used = await db.collection(COLLECTIONS.observations).where("unit_id", "==", unitId).limit(1).get();
    if (used.empty) break;
    if (tries > 50) throw new Error("no unused unit id in PAN800..PAN899 in this emulator");
    unitId = `PAN${600 + randomInt(100)}`;
  }
  sequenceId = sequenceIdFor(unitId, camera, start);
  const obs = syntheticObservation({
    sequence_id: sequenceId,
    unit_id: unitId,
    camera_id: camera,
    time: start,
    field_name: "Vega",
    ra: VEGA.ra,
    dec: VEGA.dec,
    num_images: 6,
    total_minutes_exptime: 12,
    status: "processed",
    // solve-image's pointing summary over the five solved frames below
    drift: {
      frames: 5,
      first_time: start,
      last_time: new Date(start.getTime() + 4 * 150_000),
      total_arcmin: 2.4,
      rate_arcmin_per_hour: 14.4,
      max_offset_arcmin: 1.2,
    },
  });
  const batch = db.batch();
  batch.set(
    db.collection(COLLECTIONS.units).doc(unitId),
    toFirestoreData(
      syntheticUnit(unitId, { num_observations: 1, num_images: 6, total_minutes_exptime: 12 }),
    ) as object,
  );
  batch.set(db.collection(COLLECTIONS.observations).doc(sequenceId), toFirestoreData(obs) as object);
  for (let i = 0; i < 6; i++) {
    // Five frames plate-solved by solve-image, drifting east; the last one not solvable.
    const im = syntheticImage(
      obs,
      i,
      i < 5
        ? {
            solved: true,
            solve_generation: "1",
            status: "solved",
            pixel_scale: 10.3,
            ra_image: VEGA.ra + ((i - 2) * 0.01) / Math.cos((VEGA.dec * Math.PI) / 180),
            dec_image: VEGA.dec,
          }
        : {
            solved: false,
            solve_generation: "1",
            status: "unsolvable",
            solve_reason: "too few stars: 3 detected",
          },
    );
    batch.set(db.collection(COLLECTIONS.images).doc(im.image_id), toFirestoreData(im) as object);
  }
  await batch.commit();
  // A real FITS file behind the first image, so the header viewer reads it through get-fits-header.
  const first = parseObjectPath(syntheticImage(obs, 0).bucket_path!);
  headerSpec = {
    ...demoDataset(1)[0]!,
    unit_id: unitId,
    camera_id: camera,
    sequence_time: first.sequence_time,
    image_time: first.image_time,
  };
  await new Storage({ projectId: TEST_PROJECT_ID })
    .bucket("panoptes-raw-images")
    .file(first.bucket_path)
    .save(makePanoptesFits(headerSpec), { resumable: false });
  // A processing run measured by libs/photometry on a generated sequence (a 2% transit in the target), and a
  // newer run that failed.
  run = processedRunFixture({
    sequenceId,
    runId: `e2e-${sequenceId}`,
    unitId,
    cameraId: camera,
    frames: 30,
    targetName: "Vega",
    created: new Date(start.getTime() + 3_600_000),
  });
  await writeProcessedRun(db, run);
  await db
    .collection(COLLECTIONS.processedObservations)
    .doc(failedRunId())
    .set({
      ...run.processed,
      status: "failed",
      reason: "no solved frames",
      outputs: null,
      target: null,
      created_time: new Date(start.getTime() + 7_200_000),
    });
  lightcurveId = run.targetLightcurveId;

  browser = await launchChromium(undefined, [Number(new URL(base).port)]);
  page = await browser.context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

let headerSpec: ReturnType<typeof demoDataset>[number];

describe("Data Explorer in headless Chromium", () => {
  it("shows the network in numbers and the newest observations on the home page, in UTC", async () => {
    await page.goto(`${base}/`);
    await page.getByTestId("summary").waitFor();
    await page.getByRole("link", { name: sequenceId }).waitFor();
    expect(await page.getByTestId("summary").innerText()).toMatch(
      /units[\s\S]*observations[\s\S]*images[\s\S]*hours of exposure/,
    );
    // The browser runs in Los Angeles time; the page must still show the UTC start.
    const row = page.locator("tr", { has: page.getByRole("link", { name: sequenceId }) });
    expect(await row.innerText()).toContain(start.toISOString().slice(0, 19).replace("T", " "));
    await shot("home");
  });

  it("follows an observation to its metadata, per-image plots and image table", async () => {
    await page.getByRole("link", { name: sequenceId }).click();
    await page.waitForURL(`**/observations/${sequenceId}`);
    await page.getByTestId("observation-meta").waitFor();
    await page.locator(".uplot canvas").nth(3).waitFor();
    expect(await page.getByTestId("images").locator("tbody tr").count()).toBe(6);
    expect(await page.getByTestId("observation-meta").innerText()).toContain("18:36:56.3");
    // The plate solve: each image row says solved (with its scale) or why not, and the drift is plotted.
    expect(await page.getByTestId("observation-meta").innerText()).toMatch(
      /Drift\s+2\.4′ over 5 solved frames/,
    );
    const solves = await page.getByTestId("solve").allInnerTexts();
    expect(solves.filter((t) => /^solved · 10\.3(0)?″\/px$/.test(t))).toHaveLength(5);
    expect(solves).toContain("too few stars: 3 detected");
    await page.getByTestId("drift-plot").locator("canvas").waitFor();
    await page.getByTestId("runs").waitFor();
    await shot("observation");
  });

  it("opens an image header through /header, or shows the error state while nothing serves it", async () => {
    const wired = await served("/header?bucket_path=x");
    await page.getByTestId("open-header").first().click();
    const viewer = page.getByTestId("header-viewer");
    await viewer.waitFor();
    if (wired) {
      // The first image's file was uploaded in beforeAll: its cards must show.
      await viewer.locator("table").first().waitFor();
      const text = await viewer.innerText();
      expect(text).toContain("EXPTIME");
      expect(text).toContain(headerSpec.field);
    } else {
      await viewer.locator("[data-state=error]").waitFor();
      expect(await viewer.innerText()).toMatch(/Could not load the FITS header/);
    }
    await shot("header-viewer");
    await viewer.getByRole("button", { name: "Close" }).click();
  });

  it("lists the processing runs newest first, shows the done run's figures and sorts its stars, target first", async () => {
    await page.goto(`${base}/observations/${sequenceId}`);
    const rows = page.getByTestId("run-row");
    await rows.nth(1).waitFor();
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-run")))).toEqual([
      failedRunId(),
      run.processedObservationId,
    ]);
    // the newest finished run is selected: frames used and dropped (with the reason), stars, precision
    const detail = page.getByTestId("run-detail");
    expect(await detail.getAttribute("data-run")).toBe(run.processedObservationId);
    const usedRow = await rows.nth(1).innerText();
    expect(usedRow).toContain(String(run.processed.frames_used!.length));
    expect(usedRow).toContain(String(run.processed.stars_measured));
    await page.getByTestId("dropped-frames").locator("summary").click();
    expect(await page.getByTestId("dropped-frames").innerText()).toMatch(
      /cloudy: stars at \d+% of their median flux/,
    );
    expect(await page.getByTestId("precision").locator("tbody tr").count()).toBe(
      run.processed.precision!.length,
    );
    expect(await detail.innerText()).toMatch(/Target\s+Vega · scatter R [\d.,]+ (ppm|%)/);

    const stars = page.getByTestId("star-row");
    await stars.first().waitFor();
    const read = () =>
      stars.evaluateAll((els) =>
        els.map((e) => ({
          target: e.getAttribute("data-target") === "true",
          vmag: Number(e.getAttribute("data-vmag")),
          rms: e.getAttribute("data-rms") === "" ? null : Number(e.getAttribute("data-rms")),
        })),
      );
    const sorted = (v: number[], dir: 1 | -1) => [...v].sort((a, b) => dir * (a - b));
    const check = async (key: "vmag" | "rms", dir: 1 | -1) => {
      const order = `${key},${dir === 1 ? "asc" : "desc"}`;
      await page.waitForFunction(
        `document.querySelector("[data-testid=stars]")?.getAttribute("data-sort") === "${order}" && ` +
          `document.querySelectorAll("[data-testid=star-row]").length === ${run.lightcurves.length}`,
      );
      const got = await read();
      expect(got[0]!.target).toBe(true);
      expect(got.slice(1).every((r) => !r.target)).toBe(true);
      const values = got
        .slice(1)
        .map((r) => (key === "vmag" ? r.vmag : r.rms))
        .filter((v): v is number => v !== null);
      expect(values).toEqual(sorted(values, dir));
      expect(values.length).toBeGreaterThan(10);
    };
    await check("vmag", 1);
    await shot("observation-runs");
    await page.getByTestId("sort-vmag").click();
    await check("vmag", -1);
    await page.getByTestId("sort-rms").click();
    await check("rms", 1);
    await page.getByTestId("sort-rms").click();
    await check("rms", -1);
    expect(await page.getByTestId("stars-count").innerText()).toBe(
      `${run.lightcurves.length} of ${run.lightcurves.length} stars`,
    );

    // the failed run: its reason, no stars
    await rows.nth(0).getByRole("button").click();
    await page.getByTestId("run-reason").waitFor();
    expect(await page.getByTestId("run-reason").innerText()).toBe("no solved frames");
    expect(await page.getByTestId("stars").count()).toBe(0);
  });

  it("asks for a new run with the visitor's ID token and shows what the server answers", async () => {
    // What the server says to this request, asked directly with an anonymous user's token (the page's
    // Auth emulator): the page must show the same message (an error) or the queued run.
    const token = await page.evaluate(async () => {
      const res = await fetch("/api/client-config");
      const { auth_emulator_host: host } = (await res.json()) as { auth_emulator_host: string };
      const r = await fetch(
        `http://${host}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-api-key`,
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ returnSecureToken: true }),
        },
      );
      return ((await r.json()) as { idToken: string }).idToken;
    });
    const direct = await page.evaluate(
      async ([seq, t]) => {
        const r = await fetch(`/api/observations/${seq}/process`, {
          method: "POST",
          headers: { Authorization: `Bearer ${t}`, "Content-Type": "application/json" },
          body: "{}",
        });
        return { status: r.status, text: await r.text() };
      },
      [sequenceId, token] as const,
    );
    await page.getByTestId("process-again").click();
    const outcome = page.locator("[data-testid=process-error], [data-testid=process-queued]");
    await outcome.first().waitFor();
    const body = JSON.parse(direct.text) as { success: boolean; error?: { message: string } };
    if (body.success) {
      expect(await page.getByTestId("process-queued").innerText()).toMatch(/^Processing run \S+ queued\.$/);
    } else {
      expect(await page.getByTestId("process-error").innerText()).toBe(
        `Could not queue a run: ${body.error!.message} (HTTP ${direct.status})`,
      );
    }
    await shot("process-again");
  });

  it("plots the target's lightcurve per channel with error bars, 10-minute means and airmass; zooms; downloads CSV and AAVSO", async () => {
    await page.goto(`${base}/observations/${sequenceId}`);
    await page.getByTestId("star-row").first().getByRole("link").click();
    await page.waitForURL(`**/lightcurves/${lightcurveId}`);
    const plots = page.getByTestId("lightcurve-plots");
    await plots.locator(".uplot").nth(3).waitFor();
    expect(await plots.locator(".uplot").count()).toBe(4);
    expect(
      await plots
        .locator("[data-channel]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-channel"))),
    ).toEqual(["r", "g", "b"]);
    // 30 frames 90 s apart, one dropped: 29 points in 10-minute bins → 5 means per channel
    for (const n of await plots
      .locator("[data-channel]")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-bins")))))
      expect(n).toBe(5);
    await page.getByTestId("airmass-plot").locator("canvas").waitFor();
    expect(await page.getByTestId("lightcurve-meta").innerText()).toMatch(/field target/);
    await shot("lightcurve");
    const rangeBefore = await plots.getAttribute("data-x-range");
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Pan right" }).click();
    const [min0, max0] = rangeBefore!.split(",").map(Number) as [number, number];
    const [min1, max1] = (await plots.getAttribute("data-x-range"))!.split(",").map(Number) as [
      number,
      number,
    ];
    // Two zooms by 2 and a pan by a quarter: a quarter of the span, moved right.
    expect((max1 - min1) / (max0 - min0)).toBeCloseTo(0.25, 3);
    expect(min1).toBeGreaterThan(min0);
    await shot("lightcurve-zoomed");
    const stored = run.lightcurves.find((l) => l.id === lightcurveId)!.doc.points!;
    const csvDownload = await downloadText(page, "lightcurve-csv");
    expect(csvDownload.name).toBe(`${lightcurveId}.csv`);
    const rows = pythonCsvRows(csvDownload.text);
    expect(rows[0]!.slice(0, 4)).toEqual(["time", "bjd_tdb", "airmass", "image_id"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(stored.map((p) => p.time.toISOString()));
    const lines = (await downloadText(page, "lightcurve-aavso-g")).text.trim().split("\n");
    expect(lines[0]).toBe("#TYPE=EXOPLANET");
    expect(lines).toEqual(
      expect.arrayContaining(["#FILTER=TG", "#OBSTYPE=DSLR", "#DATE_TYPE=BJD_TDB", "#STAR_NAME=Vega"]),
    );
    const data = pythonCsvRows(lines.slice(lines.indexOf("#DATE,DIFF,ERR,DETREND_1") + 1).join("\n"));
    expect(data).toHaveLength(stored.filter((p) => p.flux.g !== null).length);
    expect(Number(data[0]![0])).toBeCloseTo(stored[0]!.bjd_tdb!, 7);
  });

  it("searches a coordinate string through the cone search and keeps the query in the URL", async () => {
    await page.goto(`${base}/search`);
    const coords = `${formatRaHms(VEGA.ra + 0.05)} ${formatDecDms(VEGA.dec - 0.05)}`;
    await page.getByPlaceholder(/Vega/).fill(coords);
    await page.locator("input[name=radius]").fill("0.5");
    await page.locator("input[name=unit_id]").fill(unitId);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: sequenceId }).waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get("q")).toBe(coords);
    expect(url.searchParams.get("radius")).toBe("0.5");
    expect(await page.getByTestId("target").innerText()).toMatch(/coordinates: RA 279\.28/);
    await shot("search-coordinates");
    // The same URL opened afresh shows the same results (a shareable link).
    const again = await browser.context.newPage();
    await again.goto(page.url());
    await again.getByRole("link", { name: sequenceId }).waitFor();
    await again.close();
    // A cone that misses the target shows the empty state.
    await page.goto(`${base}/search?q=${encodeURIComponent("10 -40")}&radius=0.5&unit_id=${unitId}`);
    await page.locator("[data-state=empty]").waitFor();
  });

  it("exports the search results as CSV", async () => {
    await page.goto(`${base}/search?unit_id=${unitId}`);
    await page.getByRole("link", { name: sequenceId }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-csv").click(),
    ]);
    const lines = fs
      .readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(lines[0]!.startsWith("sequence_id,unit_id,camera_id,time")).toBe(true);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([sequenceId]);
  });

  it("searches a name through /lookup, or shows the error state while nothing serves it", async () => {
    const wired = await served("/lookup?search_string=Vega");
    await page.goto(`${base}/search?q=Vega&radius=1&unit_id=${unitId}`);
    if (wired) {
      await page.getByRole("link", { name: sequenceId }).waitFor();
    } else {
      await page.locator("[data-state=error]").waitFor();
      expect(await page.locator("[data-state=error]").innerText()).toMatch(/Could not find "Vega"/);
    }
    await shot("search-name");
  });

  it("shows units and a unit's page, and a clear error for an unknown observation", async () => {
    await page.goto(`${base}/units`);
    await page.getByRole("link", { name: unitId }).click();
    await page.waitForURL(`**/units/${unitId}`);
    await page.getByRole("link", { name: sequenceId }).waitFor();
    await shot("unit");
    await page.goto(`${base}/units`);
    await page.getByTestId("units").waitFor();
    await shot("units");
    await page.goto(`${base}/observations/PAN001_14d3bd_20000101T000000`);
    await page.locator("[data-state=error]").first().waitFor();
    expect(await page.locator("[data-state=error]").first().innerText()).toContain("no observation");
    expect(await page.getByText("Processing runs and lightcurves").count()).toBe(0);
    await shot("observation-not-found");
  });

  it("is usable on a phone", async () => {
    const phone = await launchChromium({ width: 390, height: 844 }, [Number(new URL(base).port)]);
    try {
      const p = await phone.context.newPage();
      await p.goto(`${base}/observations/${sequenceId}`);
      await p.locator(".uplot canvas").nth(3).waitFor();
      // Nothing wider than the screen but the scrollable tables.
      const overflow = (await p.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth",
      )) as number;
      expect(overflow).toBeLessThanOrEqual(0);
      await shot("phone-observation", p);
      await p.goto(`${base}/search?q=${encodeURIComponent("279.2347 +38.7837")}&unit_id=${unitId}`);
      await p.getByRole("link", { name: sequenceId }).waitFor();
      await shot("phone-search", p);
    } finally {
      await phone.close();
    }
  });
});

/** astropy's WCS(header).all_pix2world(x, y, 1) (Debian python3-astropy). */
function astropyPixelToWorld(header: Record<string, unknown>, x: number, y: number): [number, number] {
  const script = [
    "import json, sys, warnings",
    "from astropy.io import fits",
    "from astropy.wcs import WCS",
    "warnings.simplefilter('ignore')",
    "req = json.load(sys.stdin)",
    "h = fits.Header()",
    "for k, v in req['header'].items():",
    "    h[k] = v",
    "ra, dec = WCS(h).all_pix2world([req['x']], [req['y']], 1)",
    "print(json.dumps([float(ra[0]), float(dec[0])]))",
  ].join("\n");
  const wcsOnly = Object.fromEntries(
    Object.entries(header).filter(([k]) => /^(CTYPE|CRVAL|CRPIX|CD\d_|EQUINOX)/.test(k)),
  );
  const out = execFileSync("/usr/bin/python3", ["-c", script], {
    input: JSON.stringify({ header: wcsOnly, x, y }),
    encoding: "utf8",
  });
  return JSON.parse(out) as [number, number];
}

describe("the image viewer (previews made by libs/preview as make-preview makes them)", () => {
  const FRAME = { width: 600, height: 400 };
  let ids: string[] = [];
  let firstFrame = "";
  // A browser of its own: the first one cached this observation's API answer (max-age) before it had previews.
  let viewer: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  afterAll(async () => {
    await viewer?.close();
  });

  beforeAll(async () => {
    requireEmulators("storage");
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    const snaps = await db.collection(COLLECTIONS.images).where("sequence_id", "==", sequenceId).get();
    const docs = snaps.docs.sort((a, b) => a.id.localeCompare(b.id)).slice(0, 3);
    ids = docs.map((d) => d.id);
    const bucket = new Storage({ projectId: TEST_PROJECT_ID }).bucket("panoptes-previews");
    for (const [i, d] of docs.entries()) {
      const stem = (d.data().bucket_path as string).replace(/\.fits\.fz$/, "");
      const spec = { ...headerSpec, image_time: stem.split("/").pop()! };
      const frame = makePanoptesFits(spec, FRAME);
      const made = await previewOfFitsBytes(frame, stem);
      // The first frame's FITS at its full size too (its header carries the generated TAN WCS): the viewer's RA/Dec.
      if (i === 0) {
        firstFrame = path.join(SHOTS, "viewer-frame.fits");
        fs.writeFileSync(firstFrame, frame);
        await new Storage({ projectId: TEST_PROJECT_ID })
          .bucket("panoptes-raw-images")
          .file(d.data().bucket_path as string)
          .save(frame, { resumable: false });
      }
      const files = await encodePreviewFiles(made);
      await bucket
        .file(`${stem}-preview.jpg`)
        .save(files.preview, { resumable: false, contentType: "image/jpeg" });
      await bucket
        .file(`${stem}-thumb.jpg`)
        .save(files.thumb, { resumable: false, contentType: "image/jpeg" });
      await d.ref.update({
        previews: {
          status: "made",
          source: "fits",
          generation: String(i + 1),
          bucket: "panoptes-previews",
          preview: `${stem}-preview.jpg`,
          thumb: `${stem}-thumb.jpg`,
          width: made.preview.width,
          height: made.preview.height,
          thumb_width: made.thumb.width,
          thumb_height: made.thumb.height,
          frame_width: FRAME.width,
          frame_height: FRAME.height,
          zscale: made.zscale,
          error: null,
          made_time: new Date(),
        },
      });
    }
    viewer = await launchChromium(undefined, [Number(new URL(base).port)]);
    page = await viewer.context.newPage();
  }, 60_000);

  it("shows loaded thumbnails in the image table", async () => {
    await page.goto(`${base}/observations/${sequenceId}`);
    await page.getByTestId("thumb").nth(2).waitFor();
    expect(await page.getByTestId("thumb").count()).toBe(3);
    // The thumbnails load lazily, as a visitor scrolls to them.
    for (const thumb of await page.getByTestId("thumb").all()) await thumb.scrollIntoViewIfNeeded();
    try {
      await page.waitForFunction(
        `[...document.querySelectorAll("[data-testid=thumb]")].every((i) => i.complete && i.naturalWidth === 300)`,
        undefined,
        { timeout: 30_000 },
      );
    } catch (e) {
      const state = await page.evaluate(
        `JSON.stringify([...document.querySelectorAll("[data-testid=thumb]")].map((i) => ({src: i.src, complete: i.complete, w: i.naturalWidth, top: i.getBoundingClientRect().top, h: i.getBoundingClientRect().height})))`,
      );
      await shot("thumbnails-failed", page);
      throw new Error(`thumbnails not loaded: ${state}: ${(e as Error).message}`);
    }
    await shot("thumbnails", page);
  }, 60_000);

  it("opens a frame, zooms, reads the FITS pixel under the cursor and blinks through the frames", async () => {
    await page.getByTestId("open-viewer").first().click();
    const title = page.getByTestId("viewer-title");
    await page.getByTestId("viewer-image").waitFor();
    expect(await title.innerText()).toBe(ids[0]);
    await page.waitForFunction(`document.querySelector("[data-testid=viewer-image]")?.naturalWidth === 300`);
    // The centre of the unzoomed preview is the frame's centre: FITS x 301, y 200 (1-based, row 1 at the bottom).
    const box = (await page.getByTestId("viewer-image").boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5 + 0.1, box.y + box.height * 0.5 + 0.1);
    expect(await page.getByTestId("viewer-readout").innerText()).toContain("FITS pixel x 301, y 200");
    // Its value, read from the FITS by explorer-api, as astropy reads it (numpy index [y-1, x-1]).
    const value = execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        "import sys; from astropy.io import fits; print(int(fits.getdata(sys.argv[1])[199, 300]))",
        firstFrame,
      ],
      { encoding: "utf8" },
    ).trim();
    await page.getByTestId("viewer-value").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("viewer-value").innerText()).toContain(`= ${value} ADU`);
    // RA/Dec of that pixel from the frame's WCS, as astropy computes it from the same header.
    const [ra, dec] = astropyPixelToWorld(headerToMap(panoptesCards(headerSpec)), 301, 200);
    await page.getByTestId("viewer-radec").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("viewer-radec").innerText()).toContain(
      `RA ${formatRaHms(ra)}, Dec ${formatDecDms(dec)}`,
    );
    // A quarter in from the top-left corner: x 151, y 300.
    await page.mouse.move(box.x + box.width * 0.25 + 0.1, box.y + box.height * 0.25 + 0.1);
    expect(await page.getByTestId("viewer-readout").innerText()).toContain("FITS pixel x 151, y 300");
    await page.getByTestId("zoom-in").click();
    expect(await page.getByTestId("zoom-level").innerText()).toBe("2.00×");
    const zoomed = (await page.getByTestId("viewer-image").boundingBox())!;
    expect(zoomed.width).toBeCloseTo(box.width * 2, 0);
    await shot("viewer-zoomed", page);
    await page.getByTestId("viewer-next").click();
    expect(await title.innerText()).toBe(ids[1]);
    // Blink: frames without a preview are skipped, so it cycles 2 → 0 → 1.
    await page.getByTestId("viewer-blink").click();
    for (const id of [ids[2], ids[0], ids[1]]) {
      await page.waitForFunction(
        `document.querySelector("[data-testid=viewer-title]")?.textContent === ${JSON.stringify(id)}`,
        undefined,
        { timeout: 5_000 },
      );
    }
    await page.getByTestId("viewer-blink").click();
    await shot("viewer-blink", page);
  }, 60_000);
});
