import { execFileSync } from "node:child_process";
import { Storage } from "@google-cloud/storage";
import {
  demoDataset,
  makePanoptesFits,
  panoptesCards,
  seedDemoLightcurves,
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
  hostingBaseUrl,
  launchChromium,
  REPO_ROOT,
  requireEmulators,
  TEST_PROJECT_ID,
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
    const im = syntheticImage(obs, i);
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
  lightcurveId = (await seedDemoLightcurves(db, sequenceId)).lightcurveId;

  browser = await launchChromium(undefined, [Number(new URL(base).port)]);
  page = await browser.context.newPage();
}, 120_000);

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
    await page.getByRole("link", { name: lightcurveId }).waitFor();
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

  it("views the lightcurve with error bars, zooms and downloads its CSV", async () => {
    await page.getByRole("link", { name: lightcurveId }).click();
    await page.waitForURL(`**/lightcurves/${lightcurveId}`);
    await page.getByTestId("lightcurve-plots").locator(".uplot").nth(2).waitFor();
    expect(await page.getByTestId("lightcurve-plots").locator(".uplot").count()).toBe(3);
    await shot("lightcurve");
    const plots = page.getByTestId("lightcurve-plots");
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
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("lightcurve-csv").click(),
    ]);
    const csv = fs
      .readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toBe("time,flux_b,flux_err_b,flux_g,flux_err_g,flux_r,flux_err_r");
    expect(csv).toHaveLength(121);
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
    expect(await page.getByText("Processing and lightcurves").count()).toBe(0);
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
    await page.waitForFunction(
      `[...document.querySelectorAll("[data-testid=thumb]")].every((i) => i.complete && i.naturalWidth === 300)`,
      undefined,
      { timeout: 15_000 },
    );
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
