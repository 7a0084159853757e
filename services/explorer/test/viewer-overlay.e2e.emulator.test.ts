import { Storage } from "@google-cloud/storage";
import { realSkyFrame, sequenceIdFor, syntheticImage, syntheticObservation } from "@panoptes/demo";
import { COLLECTIONS, type FieldOverlay, WcsKeywords } from "@panoptes/models";
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
  uniqueSuffix,
} from "@panoptes/testing";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

// The image viewer's overlay and native-pixel cut-outs in Debian's headless Chromium, against the Hosting and
// Functions emulators: a generated frame of real Tycho-2 stars (2400 × 1600, so its 1200 px preview is its
// resolution at zoom 1) with a known WCS on its image document, fpacked by Debian's fpack into the raw bucket
// under the test unit PAN000 (raw-file-uploaded ignores it, so the pipeline leaves the documents alone).

const SHOTS = path.join(REPO_ROOT, "test-output/explorer");
const SIZE = { width: 2400, height: 1600 };
let base = "";
let packed = "";
let imageId = "";
let sequenceId = "";
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  requireEmulators("firestore", "storage");
  base = await hostingBaseUrl();
  await buildExplorer();
  fs.mkdirSync(SHOTS, { recursive: true });
  const frame = await realSkyFrame("ordinary", SIZE);
  const plain = path.join(SHOTS, "overlay-frame.fits");
  packed = `${plain}.fz`;
  fs.writeFileSync(plain, frame.bytes);
  fs.rmSync(packed, { force: true });
  execFileSync("fpack", ["-r", "-O", packed, plain]);
  const camera = uniqueSuffix()
    .replace(/[^0-9a-f]/g, "0")
    .slice(0, 6)
    .padEnd(6, "0");
  const start = new Date(Date.UTC(2024, 2, 15, 6, 0, 0));
  sequenceId = sequenceIdFor("PAN000", camera, start);
  const obs = syntheticObservation({
    sequence_id: sequenceId,
    unit_id: "PAN000",
    camera_id: camera,
    time: start,
    field_name: "NGC 6866",
    ra: 301.5,
    dec: 44.4,
    num_images: 1,
  });
  const stem = syntheticImage(obs, 0).bucket_path!.replace(/\.fits\.fz$/, "");
  const made = await previewOfFitsBytes(frame.bytes, stem);
  const files = await encodePreviewFiles(made);
  const storage = new Storage({ projectId: TEST_PROJECT_ID });
  await storage.bucket("panoptes-previews").file(`${stem}-preview.jpg`).save(files.preview, {
    resumable: false,
    contentType: "image/jpeg",
  });
  await storage.bucket("panoptes-previews").file(`${stem}-thumb.jpg`).save(files.thumb, {
    resumable: false,
    contentType: "image/jpeg",
  });
  const im = syntheticImage(obs, 0, {
    generation: null,
    size: fs.statSync(packed).size,
    solved: true,
    wcs: WcsKeywords.parse(frame.truth),
    previews: {
      status: "made",
      source: "fits",
      generation: "1",
      bucket: "panoptes-previews",
      preview: `${stem}-preview.jpg`,
      thumb: `${stem}-thumb.jpg`,
      width: made.preview.width,
      height: made.preview.height,
      thumb_width: made.thumb.width,
      thumb_height: made.thumb.height,
      frame_width: SIZE.width,
      frame_height: SIZE.height,
      zscale: made.zscale,
      error: null,
      made_time: new Date(),
    },
  });
  imageId = im.image_id;
  const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  await db
    .collection(COLLECTIONS.observations)
    .doc(sequenceId)
    .set(toFirestoreData(obs) as object);
  await db
    .collection(COLLECTIONS.images)
    .doc(imageId)
    .set(toFirestoreData(im) as object);
  await storage.bucket("panoptes-raw-images").file(im.bucket_path!).save(fs.readFileSync(packed), {
    resumable: false,
  });
  browser = await launchChromium(undefined, [Number(new URL(base).port)]);
  page = await browser.context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

/** astropy's value of FITS pixel (x, y) (1-based) of the fpacked frame. */
function astropyPixel(x: number, y: number): number {
  const out = execFileSync(
    "/usr/bin/python3",
    [
      "-c",
      "import sys; from astropy.io import fits; print(int(fits.getdata(sys.argv[1], ext=1)[int(sys.argv[3]) - 1, int(sys.argv[2]) - 1]))",
      packed,
      String(x),
      String(y),
    ],
    { encoding: "utf8" },
  );
  return Number(out.trim());
}

async function readout(): Promise<string> {
  return page.getByTestId("viewer-readout").innerText();
}

describe("the image viewer's overlay and native pixels (Chromium)", () => {
  it("draws the catalogue stars and the labelled target, shows hover labels, and toggles", async () => {
    await page.goto(`${base}/observations/${sequenceId}`);
    await page.getByTestId("open-viewer").first().click();
    await page.waitForFunction(
      `document.querySelector("[data-testid=viewer-image]")?.naturalWidth === 1200`,
      undefined,
      {
        timeout: 15_000,
      },
    );
    expect(await page.getByTestId("overlay").count()).toBe(0);
    await page.getByTestId("overlay-toggle").check();
    await page.getByTestId("overlay-star").first().waitFor({ timeout: 30_000 });
    const api = (await page.evaluate(
      `fetch("/api/images/${imageId}/stars?vmag=11.5").then((r) => r.json())`,
    )) as FieldOverlay;
    expect(api.stars.length).toBeGreaterThan(50);
    expect(await page.getByTestId("overlay-star").count()).toBe(api.stars.length);
    expect(await page.getByTestId("overlay-count").innerText()).toContain(
      `${api.stars.length} index-tycho2-10 stars to V 11.5`,
    );
    // The brightest star's circle is centred where the API (and so the generator) put it on the preview.
    const img = (await page.getByTestId("viewer-image").boundingBox())!;
    const circle = (await page.getByTestId("overlay-star").first().boundingBox())!;
    const brightest = api.stars[0]!;
    const scale = img.width / SIZE.width;
    expect(Math.abs(circle.x + circle.width / 2 - (img.x + (brightest.x - 0.5) * scale))).toBeLessThan(1);
    expect(
      Math.abs(circle.y + circle.height / 2 - (img.y + (SIZE.height - brightest.y + 0.5) * scale)),
    ).toBeLessThan(1);
    // The target, drawn apart and labelled with the field name.
    await page.getByTestId("overlay-target").waitFor();
    expect(await page.getByTestId("overlay-target-label").textContent()).toContain("NGC 6866");
    // Hover labels: a star's magnitude and position; the target's name and source.
    await page.mouse.move(circle.x + circle.width / 2, circle.y + 1);
    await page.getByTestId("overlay-label").waitFor();
    expect(await page.getByTestId("overlay-label").innerText()).toContain(
      `V ${brightest.mag.toFixed(2)} · RA ${formatRaHms(brightest.ra)}, Dec ${formatDecDms(brightest.dec)}`,
    );
    const t = (await page.locator("[data-testid=overlay-target] rect").boundingBox())!;
    await page.mouse.move(t.x + 1, t.y + t.height / 2);
    await page.waitForFunction(
      `document.querySelector("[data-testid=overlay-label]")?.textContent.includes("target NGC 6866 (NGC 6866, catalog:dsos)")`,
    );
    await page.screenshot({ path: path.join(SHOTS, "viewer-overlay.png") });
    // A brighter limit draws fewer stars; the toggle removes the overlay.
    await page.getByTestId("overlay-vmag").fill("9");
    await page.waitForFunction(
      `document.querySelectorAll("[data-testid=overlay-star]").length === ${api.stars.filter((s) => s.mag <= 9).length}`,
      undefined,
      { timeout: 15_000 },
    );
    await page.getByTestId("overlay-toggle").uncheck();
    expect(await page.getByTestId("overlay").count()).toBe(0);
  }, 90_000);

  it("lays native pixels over the preview when zoomed past it; the readout there agrees with astropy", async () => {
    expect(await page.getByTestId("viewer-cutout").count()).toBe(0);
    await page.getByTestId("zoom-in").click();
    const cutout = page.getByTestId("viewer-cutout");
    await cutout.waitFor({ timeout: 30_000 });
    await page.waitForFunction(`document.querySelector("[data-testid=viewer-cutout]")?.naturalWidth > 0`);
    expect(await page.getByTestId("viewer-cutout-note").innerText()).toContain("native pixels");
    const [x0, y0, w, h] = (await cutout.getAttribute("data-region"))!.split(",").map(Number) as [
      number,
      number,
      number,
      number,
    ];
    // At 2× the viewport shows half the frame's width: about 1200 native pixels, not the preview's 600.
    expect(w).toBeGreaterThan(1000);
    expect(w).toBeLessThanOrEqual(SIZE.width);
    const shown = (await page.evaluate(
      `document.querySelector("[data-testid=viewer-cutout]").naturalWidth`,
    )) as number;
    expect(shown).toBe(w);
    // The cut-out is placed over the frame pixels it holds: its box matches the preview's scale.
    const img = (await page.getByTestId("viewer-image").boundingBox())!;
    const box = (await cutout.boundingBox())!;
    const scale = img.width / SIZE.width;
    expect(Math.abs(box.x - (img.x + (x0 - 1) * scale))).toBeLessThan(1);
    expect(Math.abs(box.y - (img.y + (SIZE.height - (y0 + h - 1)) * scale))).toBeLessThan(1);
    // Readout over the cut-out: the pixel value explorer-api reads is astropy's for the same file.
    await page.mouse.move(box.x + box.width * 0.4 + 0.1, box.y + box.height * 0.6 + 0.1);
    await page.getByTestId("viewer-value").waitFor({ timeout: 15_000 });
    const text = await readout();
    const m = /FITS pixel x (\d+), y (\d+) = (-?\d+) ADU/.exec(text);
    expect(m).not.toBeNull();
    const [x, y, value] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(x).toBeGreaterThanOrEqual(x0);
    expect(y).toBeGreaterThanOrEqual(y0);
    expect(value).toBe(astropyPixel(x, y));
    // And the cut-out's own pixel there is that value under the preview's zscale (as astropy's stretch gives).
    const zscale = (await page.evaluate(
      `fetch("/api/images/${imageId}/cutout?x=${x}&y=${y}&width=1&height=1").then((r) => r.headers.get("x-stretch"))`,
    )) as string;
    const [lo, hi] = zscale.split(" ")[1]!.split(",").map(Number) as [number, number];
    // The cut-out's grey level at (x, y): drawn on a canvas in the page (row 0 is the region's top row).
    const grey = (await page.evaluate(`(() => {
      const image = document.querySelector("[data-testid=viewer-cutout]");
      const canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(image, 0, 0);
      return ctx.getImageData(${x - x0}, ${y0 + h - 1 - y}, 1, 1).data[0];
    })()`)) as number;
    const expected = Math.round(Math.min(255, Math.max(0, ((value - lo) * 255) / (hi - lo))));
    expect(Math.abs(grey - expected)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(SHOTS, "viewer-cutout.png") });
    // Back to the whole frame: the preview alone.
    await page.getByTestId("zoom-out").click();
    await page.waitForFunction(`!document.querySelector("[data-testid=viewer-cutout]")`);
  }, 90_000);
});
