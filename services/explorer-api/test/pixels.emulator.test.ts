import { Storage } from "@google-cloud/storage";
import { writeImage } from "@panoptes/fits";
import { COLLECTIONS } from "@panoptes/models";
import {
  createLogger,
  createObjectStore,
  firebaseApp,
  firestoreFor,
  toFirestoreData,
} from "@panoptes/platform";
import { sequenceIdFor, syntheticImage, syntheticObservation } from "@panoptes/demo";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix } from "@panoptes/testing";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app";
import { parseConfig } from "../src/config";
import { createPixelReader } from "../src/pixels";

const RAW = "panoptes-raw-images";
const WIDTH = 120;
const HEIGHT = 80;
// Known truth: pixel (x, y) (1-based) holds 1000 + 3x + 500y.
const pixels = Uint16Array.from(
  { length: WIDTH * HEIGHT },
  (_, i) => 1000 + 3 * ((i % WIDTH) + 1) + 500 * (Math.floor(i / WIDTH) + 1),
);
let server: Server;
let base = "";
let imageId = "";

beforeAll(async () => {
  requireEmulators("firestore", "storage");
  const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const unit = `PAN${100 + Math.floor(Math.random() * 500)}`;
  const camera = uniqueSuffix().slice(0, 6);
  const start = new Date(Date.UTC(2024, 2, 15, 6, 0, 0));
  const obs = syntheticObservation({
    sequence_id: sequenceIdFor(unit, camera, start),
    unit_id: unit,
    camera_id: camera,
    time: start,
  });
  const im = syntheticImage(obs, 0, { bucket_path: `${unit}/${camera}/x/frame.fits`, generation: null });
  imageId = im.image_id;
  await db
    .collection(COLLECTIONS.images)
    .doc(im.image_id)
    .set(toFirestoreData(im) as object);
  await new Storage({ projectId: TEST_PROJECT_ID })
    .bucket(RAW)
    .file(im.bucket_path!)
    .save(writeImage({ pixels, axes: [WIDTH, HEIGHT] }), { resumable: false });
  const app = createApp({
    db,
    config: parseConfig({ GCLOUD_PROJECT: TEST_PROJECT_ID }),
    log: createLogger({ service: "explorer-api-pixels-test", level: "ERROR" }),
    pixels: createPixelReader(createObjectStore(new Storage({ projectId: TEST_PROJECT_ID })), 1),
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

async function get(path: string) {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("GET /api/images/:id/pixels", () => {
  it("answers the physical values of a block around a FITS pixel (1-based, rows upwards)", async () => {
    const r = await get(`/api/images/${imageId}/pixels?x=50&y=40&size=4`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      success: true,
      x0: 48,
      y0: 38,
      width: 4,
      height: 4,
      frame: [WIDTH, HEIGHT],
    });
    const values = r.body.values as number[];
    expect(values[(40 - 38) * 4 + (50 - 48)]).toBe(1000 + 3 * 50 + 500 * 40);
    expect(values[0]).toBe(1000 + 3 * 48 + 500 * 38);
  });

  it("keeps the block inside the frame at its corner", async () => {
    const r = await get(`/api/images/${imageId}/pixels?x=${WIDTH}&y=${HEIGHT}&size=8`);
    expect(r.body).toMatchObject({ x0: WIDTH - 7, y0: HEIGHT - 7, width: 8, height: 8 });
    expect((r.body.values as number[])[63]).toBe(1000 + 3 * WIDTH + 500 * HEIGHT);
  });

  it.each([
    [`?x=0&y=1`, 400, "invalid-parameter"],
    [`?x=1&y=1&size=65`, 400, "invalid-parameter"],
    [`?x=${WIDTH + 1}&y=1`, 400, "invalid-parameter"],
  ])("refuses %s with %i", async (query, status, code) => {
    const r = await get(`/api/images/${imageId}/pixels${query}`);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ success: false, error: { code } });
  });

  it("answers 404 for an unknown image", async () => {
    const r = await get(`/api/images/PAN001_000000_20000101T000000/pixels?x=1&y=1`);
    expect(r.status).toBe(404);
  });
});
