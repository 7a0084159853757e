import { Storage } from "@google-cloud/storage";
import { DEMO_SKY_SPEC, realSkyFrame, specPath } from "@panoptes/demo";
import { COLLECTIONS, objectMessage, parseObjectPath } from "@panoptes/models";
import { createObjectStore, createPublisher, firebaseApp, firestoreFor } from "@panoptes/platform";
import { PubSub } from "@google-cloud/pubsub";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId, waitFor } from "@panoptes/testing";
import { type LocalSolveImage, startLocalSolveImage } from "../src/local";
import { requireSolver, worstPixelError } from "../../../libs/astrometry/test/support";

// The whole chain on the emulators, with solve-image served as Cloud Run serves it: upload → raw-file-uploaded
// → record-image (publishes solve-image) → a real push subscription on the Pub/Sub emulator → this server.
const RAW = "panoptes-raw-images";
const SIZE = { width: 1200, height: 800 };

describe("solve-image through the emulators (push subscription → local HTTP server)", () => {
  let local: LocalSolveImage;
  const solves = new Map<string, number>();
  const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));

  beforeAll(async () => {
    requireEmulators("functions", "storage", "pubsub", "firestore");
    requireSolver();
    local = await startLocalSolveImage({
      env: { ...process.env, GCLOUD_PROJECT: TEST_PROJECT_ID, SOLVE_CPU_LIMIT: "30" },
      subscription: `solve-image-test-${uniqueSuffix()}`,
      wrap: (deps) => ({
        ...deps,
        solve: (frame) => {
          const id = frame.header.getString("IMAGEID") ?? "?";
          solves.set(id, (solves.get(id) ?? 0) + 1);
          return deps.solve(frame);
        },
      }),
    });
  }, 60_000);
  afterAll(async () => local?.close());

  async function upload(seed: number, options: { truncate?: boolean } = {}) {
    const unit_id = await uniqueUnitId();
    const camera_id = uniqueSuffix().slice(0, 6);
    const spec = {
      ...DEMO_SKY_SPEC,
      unit_id,
      camera_id,
      image_time: `20240315T06${String(seed).padStart(2, "0")}30`,
    };
    const frame = await realSkyFrame("ordinary", SIZE, { seed, spec });
    const bytes = options.truncate ? frame.bytes.subarray(0, frame.bytes.length / 2) : frame.bytes;
    const path = specPath(spec);
    await createObjectStore(new Storage({ projectId: TEST_PROJECT_ID })).write(RAW, path, bytes);
    return {
      frame,
      path,
      image_id: parseObjectPath(path).image_id,
      sequence_id: parseObjectPath(path).sequence_id,
    };
  }

  const imageDoc = (id: string) => db().collection(COLLECTIONS.images).doc(id).get();
  /** The image document once solve-image has handled its generation. */
  const handled = (id: string) =>
    waitFor(
      async () => {
        const d = (await imageDoc(id)).data();
        return d?.solve_generation ? d : undefined;
      },
      150_000,
      `solve-image to handle ${id}`,
    );

  it("solves an uploaded frame, records the WCS on the image and the pointing on the observation", async () => {
    const { frame, image_id, sequence_id } = await upload(1);
    const image = await handled(image_id);
    expect(image).toMatchObject({ status: "solved", solved: true, solve_reason: null });
    expect(image.solve_index).toMatch(/^index-tycho2-1\d$/);
    expect(image.stars_detected).toBeGreaterThan(50);
    expect(worstPixelError(frame.truth, image.wcs, SIZE.width, SIZE.height)).toBeLessThan(1);
    const observation = (await db().collection(COLLECTIONS.observations).doc(sequence_id).get()).data();
    expect(observation?.ra).toBeCloseTo(image.ra_image, 6);
    expect(observation?.dec).toBeCloseTo(image.dec_image, 6);
    expect(observation?.sky_cells.length).toBeGreaterThan(0);
    expect(observation?.drift).toMatchObject({ frames: 1, total_arcmin: 0 });
  }, 200_000);

  it("solves a generation once when the same push is delivered twice", async () => {
    const { path, image_id } = await upload(2);
    const solved = await handled(image_id);
    const message = objectMessage(
      {
        bucket: RAW,
        generation: solved.generation,
        size: solved.size,
        content_type: "application/fits",
        md5: null,
        time_created: null,
      },
      parseObjectPath(path),
    );
    const publisher = createPublisher(new PubSub({ projectId: TEST_PROJECT_ID }));
    const before = solves.get(image_id) ?? 0;
    await Promise.all([
      publisher.publishJson("solve-image", message),
      publisher.publishJson("solve-image", message),
    ]);
    await new Promise((r) => setTimeout(r, 5000));
    expect(before).toBe(1);
    expect(solves.get(image_id)).toBe(1);
    // The solution was not written again (other writers, make-preview's previews, may touch the document).
    const after = (await imageDoc(image_id)).data();
    expect(after?.solve_seconds).toBe(solved.solve_seconds);
    expect(after?.wcs).toEqual(solved.wcs);
  }, 200_000);

  it("records a truncated file as an error on the image and a dead letter, and acknowledges it", async () => {
    const { image_id, path } = await upload(3, { truncate: true });
    const image = await handled(image_id);
    expect(image).toMatchObject({ status: "recorded", solved: false });
    expect(image.solve_reason).toMatch(/the file could not be read/);
    expect(image.error).toMatchObject({ code: "fits-truncated-data", service: "solve-image" });
    // The image is marked first, the dead letter written right after: wait for it.
    const letters = await waitFor(
      async () => {
        const snap = await db()
          .collection(COLLECTIONS.deadLetters)
          .where("topic", "==", "solve-image")
          .where("message.bucket_path", "==", path)
          .get();
        return snap.size > 0 ? snap : undefined;
      },
      30_000,
      "the dead letter",
    );
    expect(letters.size).toBe(1);
    expect(letters.docs[0]!.data()).toMatchObject({
      status: "pending",
      error: { code: "fits-truncated-data" },
    });
    expect(solves.get(image_id)).toBeUndefined();
  }, 200_000);
});
