import { type LegacyFixture, legacyDocuments } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor, toFirestoreData } from "@panoptes/platform";
import {
  buildExplorer,
  hostingBaseUrl,
  launchChromium,
  REPO_ROOT,
  requireEmulators,
  TEST_PROJECT_ID,
  uniqueUnitId,
} from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";

// The Data Explorer on documents shaped as the 2020 network wrote them (libs/demo legacyDocuments), in Debian's
// headless Chromium against the Hosting, Functions and Firestore emulators.

const SHOTS = path.join(REPO_ROOT, "test-output/explorer");
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
let f: LegacyFixture;

beforeAll(async () => {
  requireEmulators("firestore", "auth");
  base = await hostingBaseUrl();
  await buildExplorer();
  fs.mkdirSync(SHOTS, { recursive: true });
  f = legacyDocuments(await uniqueUnitId());
  const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  // The documents as the 2020 services left them, plus `updated_time` on the observations: the API's in-memory
  // index learns of documents written after it loaded through that field (2020 documents exist before the
  // service starts, and its first full load reads them; here the index may have loaded for an earlier test).
  const now = new Date();
  const batch = db.batch();
  for (const [id, d] of Object.entries(f.units))
    batch.set(db.collection(COLLECTIONS.units).doc(id), toFirestoreData(d) as object);
  for (const [id, d] of Object.entries(f.observations))
    batch.set(
      db.collection(COLLECTIONS.observations).doc(id),
      toFirestoreData({ ...d, updated_time: now }) as object,
    );
  for (const [id, d] of Object.entries(f.images))
    batch.set(db.collection(COLLECTIONS.images).doc(id), toFirestoreData(d) as object);
  await batch.commit();
  browser = await launchChromium(undefined, [Number(new URL(base).port)]);
  page = await browser.context.newPage();
  // The API answers are cacheable (max-age): the reloads below must reach the server, not the browser's cache
  // (routing a request through Playwright turns that cache off).
  await page.route("**/api/**", (route) => route.continue());
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe("Data Explorer on the 2020 network's documents", () => {
  it("shows a 2020 unit and lists its observations, naming the one it cannot read", async () => {
    const [seed, cf2020, older] = Object.keys(f.observations);
    // The index refreshes in the background when older than 10 s: reload until the new documents show.
    for (let attempt = 0; ; attempt++) {
      await page.goto(`${base}/units/${f.unitId}`);
      await page.getByTestId("observations").or(page.locator("[data-state=empty]")).first().waitFor();
      if ((await page.getByRole("link", { name: cf2020! }).count()) > 0) break;
      if (attempt > 20) throw new Error(`${cf2020} never appeared on the unit page`);
      await page.waitForTimeout(1000);
    }
    const meta = await page.locator(".card").first().innerText();
    expect(meta).toContain(`Legacy unit ${f.unitId}`);
    expect(meta).toContain("19.54°, -155.58° · 3,400 m");
    expect(meta).toMatch(/Images\s+7/);
    const table = page.getByTestId("observations");
    for (const id of [seed!, cf2020!, older!]) await table.getByRole("link", { name: id }).waitFor();
    const row = (id: string) => page.locator("tr", { has: page.getByRole("link", { name: id }) }).innerText();
    expect(await row(cf2020!)).toContain("2020-03-18 05:15:00");
    expect(await row(cf2020!)).toContain("KIC 8462852");
    expect(await row(older!)).toContain("receiving files");
    expect(await row(seed!)).toContain("receiving files");
    expect(await page.getByTestId("skipped").innerText()).toContain(f.unreadableObservation);
    await page.screenshot({ path: path.join(SHOTS, "legacy-unit.png"), fullPage: true });
  });

  it("renders the seed's observation with its solved image", async () => {
    const seed = f.countedObservation.id;
    await page.goto(`${base}/observations/${seed}`);
    await page.getByTestId("observation-meta").waitFor();
    const meta = await page.getByTestId("observation-meta").innerText();
    expect(meta).toContain("2020-03-17 06:00:00 UTC");
    expect(meta).toContain("Wasp 35");
    expect(meta).toMatch(/Images\s+3/);
    expect(meta).toContain("receiving files");
    const images = page.getByTestId("images");
    await images.locator("tbody tr").first().waitFor();
    expect(await images.locator("tbody tr").count()).toBe(1);
    const cells = await images.locator("tbody tr").first().innerText();
    expect(cells).toContain("2020-03-17 06:00:30");
    expect(cells).toContain("1.052");
    expect(cells).toContain("solved");
    await page.screenshot({ path: path.join(SHOTS, "legacy-observation.png"), fullPage: true });
  });

  it("renders an observation written by the 2020 record function (strings, renamed fields)", async () => {
    const cf2020 = Object.keys(f.observations)[1]!;
    await page.goto(`${base}/observations/${cf2020}`);
    await page.getByTestId("observation-meta").waitFor();
    const meta = await page.getByTestId("observation-meta").innerText();
    expect(meta).toContain(f.unitId);
    expect(meta).toContain("2020-03-18 05:15:00 UTC");
    expect(meta).toContain("120 s");
    expect(meta).toContain("POCSv0.6.1");
    const cells = await page.getByTestId("images").locator("tbody tr").first().innerText();
    expect(cells).toContain("2020-03-18 05:17:30");
    expect(cells).toContain("13");
  });

  it("says which observation cannot be read instead of failing", async () => {
    await page.goto(`${base}/observations/${f.unreadableObservation}`);
    const error = page.locator("[data-state=error]").first();
    await error.waitFor();
    expect(await error.innerText()).toContain(`observations/${f.unreadableObservation} cannot be read`);
  });
});
