import { Storage } from "@google-cloud/storage";
import { readStoredHeader } from "@panoptes/fits-storage";
import { createObjectStore, PermanentError } from "@panoptes/platform";
import {
  describeShared,
  generatedFixtures,
  requireEmulators,
  sharedPath,
  TEST_PROJECT_ID,
  uniqueSuffix,
} from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";

const BUCKET = "fits-storage-tests";
const store = () => createObjectStore(new Storage({ projectId: TEST_PROJECT_ID }));

/** Each file uploaded to the Storage emulator and its header read back by ranged reads, against astropy. */
function readsLikeAstropy(dir: () => string): void {
  it.each([
    ["solved.fits.fz", 1],
    ["unsolved.fits", 0],
    ["pole.fits", 0],
  ])("reads %s card for card as astropy does, with ranged reads only", async (name, hdu) => {
    const fixtures = dir();
    const bytes = fs.readFileSync(path.join(fixtures, name));
    const key = `${uniqueSuffix()}/${name}`;
    await store().write(BUCKET, key, bytes);
    const result = await readStoredHeader(store(), { bucket: BUCKET, path: key, size: bytes.length });
    const reference = JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.astropy.json`), "utf8"));
    expect(result.hdu).toBe(hdu);
    expect(result.cards).toEqual(reference.cards);
    expect(result.bytesRead).toBeLessThan(bytes.length);
    expect(result.header["EXPTIME"]).toBe(
      reference.cards.find((c: { keyword: string }) => c.keyword === "EXPTIME").value,
    );
  });
}

describeShared("real PANOPTES files", "readStoredHeader on the Storage emulator, real files", () => {
  beforeAll(() => requireEmulators("storage"));
  readsLikeAstropy(() => sharedPath("fixtures", "fits"));
});

describe("readStoredHeader on the Storage emulator", () => {
  let dir = "";
  beforeAll(() => {
    requireEmulators("storage");
    dir = generatedFixtures().dir;
  }, 60000);
  readsLikeAstropy(() => dir);

  it("turns a text file into a permanent not-FITS error", async () => {
    const key = `${uniqueSuffix()}/notes.fits`;
    await store().write(BUCKET, key, Buffer.from("this is not a FITS file\n".repeat(200)));
    const err = await readStoredHeader(store(), { bucket: BUCKET, path: key }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toMatch(/^fits-/);
  });

  it("reports a missing object as object-not-found", async () => {
    await expect(
      readStoredHeader(store(), { bucket: BUCKET, path: `${uniqueSuffix()}/missing.fits` }),
    ).rejects.toMatchObject({
      code: "object-not-found",
    });
  });
});
