import { makePanoptesFits, specPath } from "@panoptes/demo";
import { COLLECTIONS, type MakePreviewMessage } from "@panoptes/models";
import { deadLetterId, firebaseApp, firestoreFor } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID } from "@panoptes/testing";
import { handleMakeRgbFits } from "../../make-rgb-fits/src/handler";
import { emulatorDeps as rgbDeps, freshSpec, smallCr2, uploadCr2 } from "../../make-rgb-fits/test/support";
import { handleRecordImage } from "../../record-image/src/handler";
import { emulatorDeps as recordDeps, uploadForMessage } from "../../record-image/test/support";
import { handleMakePreview } from "../src/handler";
import { previewDecision } from "../src/image-doc";
import { emulatorDeps, jpegSize, PREVIEW_TEST_BUCKET, store } from "./support";

const FRAMES = "make-preview-tests-frames";
const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));

/** Uploads a generated 640×480 Bayer frame and records it, as the pipeline does before make-preview runs. */
async function recordedFrame(bytes?: (spec: Awaited<ReturnType<typeof freshSpec>>) => Uint8Array) {
  const spec = await freshSpec();
  const data = bytes ? bytes(spec) : makePanoptesFits(spec, { width: 640, height: 480 });
  const message = await uploadForMessage(specPath(spec), data, FRAMES);
  const recorded = await handleRecordImage(message, recordDeps());
  expect(recorded.status).toBe("recorded");
  return { spec, message };
}

async function imageDoc(imageId: string) {
  return (await db().collection(COLLECTIONS.images).doc(imageId).get()).data();
}

describe("make-preview handler on the emulators", () => {
  beforeAll(() => requireEmulators("firestore", "storage", "pubsub"));

  it("writes a JPEG preview and thumbnail beside the image's path and records them on the image", async () => {
    const { spec, message } = await recordedFrame();
    const result = await handleMakePreview(message, emulatorDeps());
    const stem = specPath(spec, "");
    expect(result).toMatchObject({
      status: "made",
      previews: { preview: `${stem}-preview.jpg`, thumb: `${stem}-thumb.jpg`, width: 320, height: 240 },
    });
    const preview = await store().read(PREVIEW_TEST_BUCKET, `${stem}-preview.jpg`);
    expect(jpegSize(preview)).toEqual({ width: 320, height: 240 });
    expect(jpegSize(await store().read(PREVIEW_TEST_BUCKET, `${stem}-thumb.jpg`))).toEqual({
      width: 300,
      height: 225,
    });
    const doc = await imageDoc(message.image_id);
    expect(doc?.status).toBe("recorded");
    expect(doc?.previews).toMatchObject({
      status: "made",
      source: "fits",
      generation: message.generation,
      bucket: PREVIEW_TEST_BUCKET,
      frame_width: 640,
      frame_height: 480,
      error: null,
    });
    const [lo, hi] = doc?.previews.zscale as [number, number];
    expect(lo).toBeLessThan(2048);
    expect(hi).toBeGreaterThan(2048);
  });

  it("writes nothing again for a redelivered message", async () => {
    const { spec, message } = await recordedFrame();
    await handleMakePreview(message, emulatorDeps());
    const path = `${specPath(spec, "")}-preview.jpg`;
    const first = await store().stat(PREVIEW_TEST_BUCKET, path);
    const again = await handleMakePreview(message, emulatorDeps());
    expect(again).toEqual({ status: "skipped", reason: "same-generation" });
    expect((await store().stat(PREVIEW_TEST_BUCKET, path))?.generation).toBe(first?.generation);
  });

  it("records a frame with unreadable pixels as such, dead-letters it and returns (acknowledged)", async () => {
    // A whole header (record-image records it) but the data unit cut short.
    const { message } = await recordedFrame((spec) =>
      makePanoptesFits(spec, { width: 640, height: 480 }).subarray(0, 20000),
    );
    const lines: string[] = [];
    const result = await handleMakePreview(message, emulatorDeps(lines));
    expect(result).toMatchObject({ status: "error", code: "corrupt-image" });
    const doc = await imageDoc(message.image_id);
    expect(doc?.status).toBe("recorded");
    expect(doc?.previews).toMatchObject({
      status: "error",
      preview: null,
      error: { code: "corrupt-image", service: "make-preview" },
    });
    expect(doc?.previews.error.message).toMatch(/TRUNCATED_DATA|declares \d+ data bytes/);
    const letter = await db()
      .collection(COLLECTIONS.deadLetters)
      .doc(deadLetterId("make-preview", `${message.bucket}/${message.bucket_path}#${message.generation}`))
      .get();
    expect(letter.data()).toMatchObject({
      topic: "make-preview",
      status: "pending",
      error: { code: "corrupt-image" },
    });
    // Not retried: the failed generation is not rendered again on redelivery.
    expect(await handleMakePreview(message, emulatorDeps())).toEqual({
      status: "skipped",
      reason: "same-generation",
    });
  });

  it("dead-letters a malformed message", async () => {
    const result = await handleMakePreview({ bucket: "x" }, emulatorDeps());
    expect(result).toMatchObject({ status: "error", code: "invalid-message" });
  });

  it("makes a colour preview of a CR2 from make-rgb-fits' products, announced by make-rgb-fits", async () => {
    const spec = await freshSpec();
    const cr2 = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    const announced: { topic: string; data: unknown }[] = [];
    const publisher = {
      publishJson: async (topic: string, data: unknown) => (announced.push({ topic, data }), "1"),
    };
    const made = await handleMakeRgbFits(cr2, rgbDeps([], { publisher, productTopics: ["make-preview"] }));
    expect(made.status).toBe("made");
    expect(announced).toHaveLength(1);
    const message = announced[0]!.data as MakePreviewMessage;
    expect(message.rgb).toMatchObject({ r: `${specPath(spec, "")}_r.fits` });
    const result = await handleMakePreview(message, emulatorDeps());
    expect(result).toMatchObject({ status: "made", previews: { source: "cr2", width: 48, height: 32 } });
    expect(jpegSize(await store().read(PREVIEW_TEST_BUCKET, `${specPath(spec, "")}-preview.jpg`))).toEqual({
      width: 48,
      height: 32,
    });
  });
});

describe("previewDecision", () => {
  test.each([
    [null, "fits", "5", "make"],
    [{ source: "fits", generation: "5" }, "fits", "5", "same-generation"],
    [{ source: "fits", generation: "6" }, "fits", "5", "newer-generation-made"],
    [{ source: "fits", generation: "5" }, "fits", "6", "make"],
    [{ source: "fits", generation: "5" }, "cr2", "9", "fits-preferred"],
    [{ source: "cr2", generation: "9" }, "fits", "5", "make"],
    [
      { source: "cr2", generation: "18446744073709551617" },
      "cr2",
      "18446744073709551616",
      "newer-generation-made",
    ],
  ] as const)("%j, then %s generation %s: %s", (existing, source, generation, expected) => {
    expect(previewDecision(existing, source, generation)).toBe(expected);
  });
});
