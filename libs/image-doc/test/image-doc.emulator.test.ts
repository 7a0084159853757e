import {
  generationOrder,
  markImageError,
  minimalImageDoc,
  recordedImageDoc,
  UNKNOWN_HEADER_FIELDS,
  updateImage,
} from "@panoptes/image-doc";
import { COLLECTIONS, ImageDoc, objectMessage, parseObjectPath } from "@panoptes/models";
import { firebaseApp, firestoreFor, readDoc } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix } from "@panoptes/testing";
import { ZodError } from "zod";

const NOW = new Date("2024-03-15T07:00:00Z");
const freshPath = () =>
  parseObjectPath(`PAN001/${uniqueSuffix().slice(0, 6)}/20240315T060000/20240315T060130.fits.fz`);

describe("generationOrder", () => {
  it.each([
    ["1", "2", -1],
    ["2", "1", 1],
    ["1700000000000001", "1700000000000001", 0],
    // Beyond 2^53 (9007199254740992) as Numbers these two are equal; as generations they are not.
    ["9007199254740993", "9007199254740992", 1],
  ])("orders generation %s against %s as %i", (a, b, order) => {
    expect(generationOrder(a, b)).toBe(order);
  });
});

describe("building image documents", () => {
  it("makes a minimal document with ids and time from the path and every header field null", () => {
    const doc = minimalImageDoc(freshPath(), NOW, { status: "error" });
    expect(doc).toMatchObject({
      ...UNKNOWN_HEADER_FIELDS,
      status: "error",
      counted: false,
      generation: null,
    });
    expect(doc.time).toEqual(new Date("2024-03-15T06:01:30Z"));
    expect(() => ImageDoc.strict().parse(doc)).not.toThrow();
  });

  it("refuses fields that do not fit the schema, naming them", () => {
    expect(() => minimalImageDoc(freshPath(), NOW, { exptime: "long" as unknown as number })).toThrow(
      /exptime/,
    );
  });

  it("keeps what other writers put on a document when it records the FITS", () => {
    const path = freshPath();
    const message = objectMessage(
      { bucket: "raw", generation: "5", size: 100, content_type: null, md5: null, time_created: null },
      path,
    );
    const products = minimalImageDoc(path, NOW, {}).products;
    const received = new Date("2024-03-15T06:30:00Z");
    const doc = recordedImageDoc(
      { message, path, fields: { ...UNKNOWN_HEADER_FIELDS, exptime: 90 }, time: null, now: NOW },
      { received_time: received, products },
    );
    expect(doc).toMatchObject({
      status: "recorded",
      counted: true,
      counted_exptime: 90,
      received_time: received,
      public_url: `https://storage.googleapis.com/raw/${path.bucket_path}`,
    });
    expect(() => ImageDoc.strict().parse(doc)).not.toThrow();
  });
});

describe("writing image documents on the Firestore emulator", () => {
  beforeAll(() => requireEmulators("firestore"));
  const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const stored = async (id: string) =>
    readDoc(ImageDoc.strict(), await db().collection(COLLECTIONS.images).doc(id).get());

  it("creates a minimal document with a writer's fields, then updates only those fields", async () => {
    const path = freshPath();
    expect(await updateImage(db(), path, NOW, () => ({ solved: true, ra_image: 10.5, dec_image: -3 }))).toBe(
      "created",
    );
    expect(await stored(path.image_id)).toMatchObject({ status: "received", solved: true, ra_image: 10.5 });
    const later = new Date("2024-03-15T08:00:00Z");
    expect(await updateImage(db(), path, later, () => ({ dec_image: -4 }))).toBe("updated");
    expect(await stored(path.image_id)).toMatchObject({ ra_image: 10.5, dec_image: -4, updated_time: later });
    expect(await updateImage(db(), path, later, () => null)).toBe("unchanged");
  });

  it("refuses an unknown or mistyped field before writing anything", async () => {
    const path = freshPath();
    await expect(updateImage(db(), path, NOW, () => ({ previewz: [] }) as never)).rejects.toBeInstanceOf(
      ZodError,
    );
    await expect(updateImage(db(), path, NOW, () => ({ solved: "yes" }) as never)).rejects.toBeInstanceOf(
      ZodError,
    );
    expect(await stored(path.image_id)).toBeNull();
  });

  it("marks an error unless the image is recorded", async () => {
    const path = freshPath();
    const error = { code: "corrupt-cr2", message: "bad", service: "make-rgb-fits", time: NOW };
    expect(await markImageError(db(), { path, error })).toBe("marked");
    expect(await stored(path.image_id)).toMatchObject({ status: "error", error });
    await updateImage(db(), path, NOW, () => ({ status: "recorded" }));
    expect(await markImageError(db(), { path, error })).toBe("kept-recorded");
    expect(await stored(path.image_id)).toMatchObject({ status: "recorded" });
  });
});
