import { makePanoptesFits, specPath } from "@panoptes/demo";
import { COLLECTIONS, ImageDoc } from "@panoptes/models";
import { firebaseApp, firestoreFor, readDoc } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID } from "@panoptes/testing";
import { handleRecordImage } from "../../record-image/src/handler";
import { emulatorDeps as recordImageDeps, uploadForMessage } from "../../record-image/test/support";
import { handleMakeRgbFits } from "../src/handler";
import { CR2_BUCKET, emulatorDeps, freshSpec, smallCr2, uploadCr2 } from "./support";

/** The image document of `imageId`, parsed with the writers' schema: every field present, none unknown. */
async function strictImage(imageId: string): Promise<ImageDoc | null> {
  const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  return readDoc(ImageDoc.strict(), await db.collection(COLLECTIONS.images).doc(imageId).get());
}

const imageIdOf = (spec: Awaited<ReturnType<typeof freshSpec>>) =>
  `${spec.unit_id}_${spec.camera_id}_${spec.image_time}`;

describe("every writer of an image document writes a complete ImageDoc (one owner: @panoptes/image-doc)", () => {
  beforeAll(() => requireEmulators("firestore", "storage", "pubsub"));

  it("record-image: a recorded FITS", async () => {
    const spec = await freshSpec();
    const message = await uploadForMessage(specPath(spec), makePanoptesFits(spec), CR2_BUCKET);
    expect(await handleRecordImage(message, recordImageDeps())).toMatchObject({ status: "recorded" });
    expect(await strictImage(imageIdOf(spec))).toMatchObject({
      status: "recorded",
      counted: true,
      generation: message.generation,
    });
  });

  it("record-image: an error on a file that is not FITS names the object, with every header field null", async () => {
    const spec = await freshSpec();
    const message = await uploadForMessage(specPath(spec), Buffer.from("not FITS\n".repeat(400)), CR2_BUCKET);
    expect(await handleRecordImage(message, recordImageDeps())).toMatchObject({ status: "error" });
    const image = await strictImage(imageIdOf(spec));
    expect(image).toMatchObject({
      status: "error",
      error: { service: "record-image" },
      solved: false,
      exptime: null,
      ra_image: null,
      counted: false,
      bucket_path: message.bucket_path,
      generation: message.generation,
      size: message.size,
    });
  });

  it("make-rgb-fits: the minimal document of a CR2 converted first, then an error on a corrupt re-upload", async () => {
    const spec = await freshSpec();
    const made = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    expect(await handleMakeRgbFits(made, emulatorDeps())).toMatchObject({
      status: "made",
      outcome: "created",
    });
    expect(await strictImage(imageIdOf(spec))).toMatchObject({
      status: "received",
      solved: false,
      generation: null,
      counted: false,
      products: { source_generation: made.generation },
    });
    const good = smallCr2(9);
    const corrupt = await uploadCr2(specPath(spec, ".cr2"), good.subarray(0, good.length - 300));
    expect(await handleMakeRgbFits(corrupt, emulatorDeps())).toMatchObject({ status: "error" });
    expect(await strictImage(imageIdOf(spec))).toMatchObject({
      status: "error",
      error: { code: "corrupt-cr2", service: "make-rgb-fits" },
      generation: null,
    });
  });

  it("make-rgb-fits: the error document of a corrupt CR2 with no document before it", async () => {
    const spec = await freshSpec();
    const good = smallCr2();
    const message = await uploadCr2(specPath(spec, ".cr2"), good.subarray(0, good.length - 300));
    expect(await handleMakeRgbFits(message, emulatorDeps())).toMatchObject({ status: "error" });
    expect(await strictImage(imageIdOf(spec))).toMatchObject({
      status: "error",
      solved: false,
      products: null,
      bucket_path: null,
    });
  });
});
