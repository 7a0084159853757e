import { Storage } from "@google-cloud/storage";
import { createIndexStarCatalog, projection, type WcsKeywords } from "@panoptes/astrometry";
import {
  realSkyFrame,
  sequenceIdFor,
  syntheticImage,
  syntheticObservation,
  TYCHO2_INDEX,
} from "@panoptes/demo";
import { COLLECTIONS, type FieldOverlay, WcsKeywords as WcsKeywordsSchema } from "@panoptes/models";
import {
  createLogger,
  createObjectStore,
  firebaseApp,
  firestoreFor,
  toFirestoreData,
} from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix } from "@panoptes/testing";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { createApp } from "../src/app";
import { parseConfig } from "../src/config";
import { createCutoutReader } from "../src/cutouts";
import { offlineTargetResolver } from "../src/field-overlay";

// Injection and recovery through the API: a frame of real Tycho-2 stars with a known WCS (libs/demo), fpacked by
// Debian's fpack and stored in the Storage emulator; its image document carries that WCS as solve-image stores
// it. The overlay's stars must land where the generator drew them, the target where the offline catalogue puts
// it; the cut-out must be astropy's pixels of the same file under the preview's stretch.

// A bucket of its own: an upload to the raw bucket would start the ingest pipeline in the emulators.
const RAW = "panoptes-overlay-test-raw";
const SIZE = { width: 1200, height: 800 };
const ZSCALE: [number, number] = [2100, 2400];
const NGC_6866 = { ra: 300.979, dec: 44.158 }; // the Kite Cluster, on the "ordinary" field
let server: Server;
let base = "";
let tmp = "";
let packed = "";
let truth: WcsKeywords;
const ids = { target: "", unresolved: "", unsolved: "" };

beforeAll(async () => {
  requireEmulators("firestore", "storage");
  const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const frame = await realSkyFrame("ordinary", SIZE);
  truth = frame.truth;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "overlay-"));
  fs.writeFileSync(path.join(tmp, "frame.fits"), frame.bytes);
  packed = path.join(tmp, "frame.fits.fz");
  execFileSync("fpack", ["-r", "-O", packed, path.join(tmp, "frame.fits")]);
  const unit = `PAN${100 + Math.floor(Math.random() * 500)}`;
  const bucket = new Storage({ projectId: TEST_PROJECT_ID }).bucket(RAW);
  const previews = {
    status: "made",
    source: "fits",
    generation: "1",
    bucket: "panoptes-previews",
    preview: "p.jpg",
    thumb: "t.jpg",
    width: 600,
    height: 400,
    thumb_width: 300,
    thumb_height: 200,
    frame_width: SIZE.width,
    frame_height: SIZE.height,
    zscale: ZSCALE,
    error: null,
    made_time: new Date(),
  } as const;
  const cases = [
    ["target", "NGC 6866", WcsKeywordsSchema.parse(frame.truth)],
    ["unresolved", "WASP-35", WcsKeywordsSchema.parse(frame.truth)],
    ["unsolved", "NGC 6866", null],
  ] as const;
  for (const [key, field, wcs] of cases) {
    const camera = uniqueSuffix().slice(0, 6);
    const start = new Date(Date.UTC(2024, 2, 15, 6, 0, 0));
    const obs = syntheticObservation({
      sequence_id: sequenceIdFor(unit, camera, start),
      unit_id: unit,
      camera_id: camera,
      time: start,
      field_name: field,
    });
    const im = syntheticImage(obs, 0, {
      generation: null,
      size: fs.statSync(packed).size,
      wcs,
      solved: wcs !== null,
      previews,
    });
    ids[key] = im.image_id;
    await db
      .collection(COLLECTIONS.observations)
      .doc(obs.sequence_id)
      .set(toFirestoreData(obs) as object);
    await db
      .collection(COLLECTIONS.images)
      .doc(im.image_id)
      .set(toFirestoreData(im) as object);
    await bucket.file(im.bucket_path!).save(fs.readFileSync(packed), { resumable: false });
  }
  const store = createObjectStore(new Storage({ projectId: TEST_PROJECT_ID }));
  const app = createApp({
    db,
    config: parseConfig({ GCLOUD_PROJECT: TEST_PROJECT_ID, RAW_BUCKET: RAW }),
    log: createLogger({ service: "explorer-api-overlay-test", level: "ERROR" }),
    overlay: {
      stars: createIndexStarCatalog(path.join("/usr/share/astrometry", TYCHO2_INDEX)),
      index: "index-tycho2-10",
      resolveTarget: offlineTargetResolver(),
    },
    cutouts: createCutoutReader(store),
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function getJson(p: string) {
  const res = await fetch(`${base}${p}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("GET /api/images/:id/stars", () => {
  it("places the catalogue stars down to V where the generator drew them, and the target", async () => {
    const r = await getJson(`/api/images/${ids.target}/stars?vmag=11`);
    expect(r.status).toBe(200);
    const body = r.body as unknown as FieldOverlay;
    expect(body).toMatchObject({
      image_id: ids.target,
      frame: [1200, 800],
      vmag: 11,
      index: "index-tycho2-10",
    });
    expect(body.stars.length).toBeGreaterThan(20);
    const drawn = projection(truth);
    for (const s of body.stars) {
      expect(s.mag).toBeLessThanOrEqual(11);
      const p = drawn.skyToPixel(s.ra, s.dec)!;
      expect(Math.hypot(p.x - s.x, p.y - s.y)).toBeLessThan(1);
    }
    expect(body.target).toMatchObject({ field_name: "NGC 6866", resolved: true, source: "catalog:dsos" });
    const t = body.target as Extract<FieldOverlay["target"], { resolved: true }>;
    const p = drawn.skyToPixel(NGC_6866.ra, NGC_6866.dec)!;
    expect(t.on_frame).toBe(true);
    expect(Math.hypot(t.x! - p.x, t.y! - p.y)).toBeLessThan(1);
    // A brighter limit is a subset.
    const bright = (await getJson(`/api/images/${ids.target}/stars?vmag=9`)).body as unknown as FieldOverlay;
    expect(bright.stars.length).toBeLessThan(body.stars.length);
    expect(body.stars.filter((s) => s.mag <= 9)).toEqual(bright.stars);
  });

  it("says why a field name does not resolve offline, and still answers the stars", async () => {
    const r = await getJson(`/api/images/${ids.unresolved}/stars`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      vmag: 11.5,
      target: {
        field_name: "WASP-35",
        resolved: false,
        reason: expect.stringMatching(/no object named "WASP-35"/),
      },
    });
    expect((r.body.stars as unknown[]).length).toBeGreaterThan(20);
  });

  it.each([
    ["an unsolved image", () => `/api/images/${ids.unsolved}/stars`, 404, "not-solved"],
    [
      "a magnitude limit that is not a number",
      () => `/api/images/${ids.target}/stars?vmag=bright`,
      400,
      "invalid-parameter",
    ],
    ["an unknown parameter", () => `/api/images/${ids.target}/stars?mag=3`, 400, "invalid-parameter"],
  ])("refuses %s", async (_name, url, status, code) => {
    const r = await getJson(url());
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ success: false, error: { code } });
  });
});

/** astropy's pixels of a region (1-based lower-left x0, y0), stretched as the preview, top row first. */
function astropyStretched(file: string, x0: number, y0: number, w: number, h: number): number[] {
  const script = [
    "import sys, json, numpy as np",
    "from astropy.io import fits",
    "x0, y0, w, h, lo, hi = map(float, sys.argv[2:8])",
    "x0, y0, w, h = int(x0), int(y0), int(w), int(h)",
    "d = fits.getdata(sys.argv[1], ext=1).astype(float)[y0 - 1 : y0 - 1 + h, x0 - 1 : x0 - 1 + w]",
    "v = np.clip((d - lo) * 255 / (hi - lo), 0, 255)",
    "print(json.dumps(np.floor(v[::-1] + 0.5).astype(int).ravel().tolist()))",
  ].join("\n");
  const out = execFileSync(
    "/usr/bin/python3",
    ["-c", script, file, ...[x0, y0, w, h, ...ZSCALE].map(String)],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  return JSON.parse(out) as number[];
}

describe("GET /api/images/:id/cutout", () => {
  it("answers native pixels of the fpacked frame as astropy reads them, under the preview's zscale, by ranged reads", async () => {
    const res = await fetch(`${base}/api/images/${ids.target}/cutout?x=501&y=301&width=64&height=48`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-cutout-region")).toBe("501,301,64,48");
    expect(res.headers.get("x-stretch")).toBe(`preview-zscale ${ZSCALE.join(",")}`);
    // The tile table and 48 of 800 row tiles: far less than the file.
    expect(Number(res.headers.get("x-bytes-read"))).toBeLessThan(fs.statSync(packed).size / 4);
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer()))
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 64, height: 48, channels: 1 });
    expect(Array.from(data)).toEqual(astropyStretched(packed, 501, 301, 64, 48));
  });

  it("clips a region at the frame's corner", async () => {
    const res = await fetch(`${base}/api/images/${ids.target}/cutout?x=1180&y=790&width=64&height=64`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cutout-region")).toBe("1180,790,21,11");
  });

  it.each([
    ["a region larger than 2048 pixels", "x=1&y=1&width=4096&height=10", 400],
    ["a region beyond the frame", "x=1500&y=1&width=10&height=10", 400],
    ["a missing corner", "width=10&height=10", 400],
  ])("refuses %s", async (_name, query, status) => {
    const r = await getJson(`/api/images/${ids.target}/cutout?${query}`);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ success: false, error: { code: "invalid-parameter" } });
  });
});
