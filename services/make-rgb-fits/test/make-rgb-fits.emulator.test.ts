import { makePanoptesFits, specPath } from "@panoptes/demo";
import { bufferByteSource, headerToMap, readHeader } from "@panoptes/fits";
import { COLLECTIONS } from "@panoptes/models";
import { deadLetterId, TransientError } from "@panoptes/platform";
import { requireEmulators } from "@panoptes/testing";
import { handleRecordImage } from "../../record-image/src/handler";
import { emulatorDeps as recordImageDeps, uploadForMessage } from "../../record-image/test/support";
import { handleMakeRgbFits } from "../src/handler";
import {
  CR2_BUCKET,
  docs,
  emulatorDeps,
  freshSpec,
  RGB_TEST_BUCKET,
  smallCr2,
  store,
  uploadCr2,
} from "./support";

async function headerOf(path: string) {
  const bytes = await store().read(RGB_TEST_BUCKET, path);
  return headerToMap((await readHeader(bufferByteSource(bytes))).header.cards);
}

async function recordFits(spec: Awaited<ReturnType<typeof freshSpec>>) {
  const message = await uploadForMessage(specPath(spec), makePanoptesFits(spec), CR2_BUCKET);
  return handleRecordImage(message, recordImageDeps());
}

describe("make-rgb-fits handler on the emulators", () => {
  beforeAll(() => requireEmulators("firestore", "storage", "pubsub"));

  it("writes the Bayer and R, G, B FITS beside the CR2's path and creates a minimal received image", async () => {
    const spec = await freshSpec();
    const message = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    const result = await handleMakeRgbFits(message, emulatorDeps());
    const stem = specPath(spec, "");
    expect(result).toMatchObject({
      status: "made",
      outcome: "created",
      products: {
        bayer: `${stem}.fits`,
        r: `${stem}_r.fits`,
        g: `${stem}_g.fits`,
        b: `${stem}_b.fits`,
        interpolation: "bilinear",
        source_generation: message.generation,
      },
    });
    const { image, unit } = await docs(spec);
    expect(unit).toBeUndefined();
    expect(image).toMatchObject({
      status: "received",
      counted: false,
      counted_exptime: null,
      generation: null,
      bucket_path: null,
      exptime: null,
      error: null,
      products: { r: `${stem}_r.fits`, source_generation: message.generation, interpolation: "bilinear" },
    });
    expect(await headerOf(`${stem}.fits`)).toMatchObject({
      BITPIX: 16,
      NAXIS1: 48,
      NAXIS2: 32,
      FILTER: "RGGB",
      PANID: spec.unit_id,
      INSTRUME: spec.camera_id,
      IMAGEID: message.image_id,
      SEQID: message.sequence_id,
    });
    expect(await headerOf(`${stem}_g.fits`)).toMatchObject({
      BITPIX: -32,
      CHANNEL: "G",
      DEBAYER: "bilinear",
    });
  });

  it("skips a redelivered generation without writing again", async () => {
    const spec = await freshSpec();
    const message = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    const first = await handleMakeRgbFits(message, emulatorDeps());
    expect(first.status).toBe("made");
    const { image: before } = await docs(spec);
    let writes = 0;
    const counting = store();
    const deps = emulatorDeps([], {
      store: { read: counting.read, write: (...a) => (writes++, counting.write(...a)) },
    });
    const results = await Promise.all([handleMakeRgbFits(message, deps), handleMakeRgbFits(message, deps)]);
    expect(results).toEqual([
      { status: "skipped", reason: "same-generation" },
      { status: "skipped", reason: "same-generation" },
    ]);
    expect(writes).toBe(0);
    const { image: after } = await docs(spec);
    expect(after!.products.made_time.toMillis()).toBe(before!.products.made_time.toMillis());
  });

  it("makes half-size planes without a Bayer FITS when asked", async () => {
    const spec = await freshSpec();
    const message = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    const result = await handleMakeRgbFits(
      { ...message, options: { interpolation: "half", bayer: false } },
      emulatorDeps(),
    );
    expect(result).toMatchObject({ status: "made", products: { bayer: null, interpolation: "half" } });
    const stem = specPath(spec, "");
    expect(await headerOf(`${stem}_b.fits`)).toMatchObject({ NAXIS1: 24, NAXIS2: 16, DEBAYER: "half" });
  });

  it("CR2 first, FITS second: record-image counts the image once and keeps the products", async () => {
    const spec = await freshSpec();
    const cr2 = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    await handleMakeRgbFits(cr2, emulatorDeps());
    const fits = await uploadForMessage(specPath(spec), makePanoptesFits(spec), CR2_BUCKET);
    expect(await handleRecordImage(fits, recordImageDeps())).toEqual({
      status: "recorded",
      outcome: "created",
    });
    expect(await handleRecordImage(fits, recordImageDeps())).toEqual({
      status: "recorded",
      outcome: "unchanged",
    });
    const { unit, observation, image } = await docs(spec);
    expect(unit).toMatchObject({ num_images: 1, total_minutes_exptime: 1.5 });
    expect(observation).toMatchObject({ num_images: 1, total_minutes_exptime: 1.5 });
    expect(image).toMatchObject({
      status: "recorded",
      counted: true,
      exptime: 90,
      products: { source_generation: cr2.generation, bayer: specPath(spec, ".fits") },
    });
  });

  it("FITS first, CR2 second: the products are added and every recorded field and counter stays", async () => {
    const spec = await freshSpec();
    expect(await recordFits(spec)).toEqual({ status: "recorded", outcome: "created" });
    const { image: recorded } = await docs(spec);
    const cr2 = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    expect(await handleMakeRgbFits(cr2, emulatorDeps())).toMatchObject({
      status: "made",
      outcome: "updated",
    });
    const { unit, image } = await docs(spec);
    expect(unit).toMatchObject({ num_images: 1, total_minutes_exptime: 1.5 });
    const rest = (d: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(d).filter(([k]) => k !== "products" && k !== "updated_time"));
    expect(recorded!.products).toBeNull();
    expect(rest(image!)).toEqual(rest(recorded!));
    expect(image!.products).toMatchObject({
      g: specPath(spec, "_g.fits"),
      source_generation: cr2.generation,
    });
    // A re-upload of the FITS (a new generation) updates the image without counting again or losing products.
    const again = await uploadForMessage(specPath(spec), makePanoptesFits(spec), CR2_BUCKET);
    expect(await handleRecordImage(again, recordImageDeps())).toEqual({
      status: "recorded",
      outcome: "updated",
    });
    const final = await docs(spec);
    expect(final.unit).toMatchObject({ num_images: 1 });
    expect(final.image!.products).toMatchObject({ source_generation: cr2.generation });
  });

  it("marks a corrupt CR2's image error with the reason, dead-letters it and acknowledges", async () => {
    const spec = await freshSpec();
    const good = smallCr2();
    const message = await uploadCr2(specPath(spec, ".cr2"), good.subarray(0, good.length - 300));
    const result = await handleMakeRgbFits(message, emulatorDeps());
    expect(result).toMatchObject({ status: "error", code: "corrupt-cr2" });
    const { image } = await docs(spec);
    expect(image).toMatchObject({ status: "error", counted: false, products: null });
    expect(image!.error).toMatchObject({ code: "corrupt-cr2", service: "make-rgb-fits" });
    expect(image!.error.message).toMatch(/RAW_DATA_MISSING.*raw strip at offset \d+ needs \d+ bytes/);
    const letter = await emulatorDeps()
      .db.collection(COLLECTIONS.deadLetters)
      .doc(deadLetterId("make-rgb-fits", `${CR2_BUCKET}/${message.bucket_path}#${message.generation}`))
      .get();
    expect(letter.data()).toMatchObject({
      service: "make-rgb-fits",
      status: "pending",
      error: { code: "corrupt-cr2" },
    });
    // A later FITS still records and counts the image.
    expect(await recordFits(spec)).toEqual({ status: "recorded", outcome: "created" });
    expect((await docs(spec)).unit).toMatchObject({ num_images: 1 });
  });

  it("keeps a recorded image recorded when its CR2 is corrupt (dead-letter only)", async () => {
    const spec = await freshSpec();
    await recordFits(spec);
    const message = await uploadCr2(specPath(spec, ".cr2"), new TextEncoder().encode("not a CR2"));
    expect(await handleMakeRgbFits(message, emulatorDeps())).toMatchObject({
      status: "error",
      code: "corrupt-cr2",
    });
    expect((await docs(spec)).image).toMatchObject({ status: "recorded", error: null, counted: true });
  });

  it.each([
    ["a malformed message", { bucket: "x" }, "invalid-message"],
    ["a FITS path", { bucket_path: "PAN001/aaaaaa/20240315T060000/20240315T060130.fits" }, "not-cr2"],
  ])("dead-letters %s", async (_label, change, code) => {
    const spec = await freshSpec();
    const message = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    const body =
      code === "not-cr2"
        ? {
            ...message,
            ...change,
            unit_id: "PAN001",
            camera_id: "aaaaaa",
            sequence_id: "PAN001_aaaaaa_20240315T060000",
            image_id: "PAN001_aaaaaa_20240315T060130",
          }
        : change;
    expect(await handleMakeRgbFits(body, emulatorDeps())).toMatchObject({ status: "error", code });
  });

  it("throws on a transient Storage failure so Pub/Sub retries, writing nothing", async () => {
    const spec = await freshSpec();
    const message = await uploadCr2(specPath(spec, ".cr2"), smallCr2());
    const failing = emulatorDeps([], {
      store: {
        read: async () => {
          throw new TransientError("storage-unavailable", "503 from the test");
        },
        write: store().write,
      },
    });
    await expect(handleMakeRgbFits(message, failing)).rejects.toThrow("503 from the test");
    expect((await docs(spec)).image).toBeUndefined();
  });
});
