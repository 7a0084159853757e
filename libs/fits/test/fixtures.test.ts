import * as fs from "node:fs";
import * as path from "node:path";
import {
  astropyJsonText,
  bufferByteSource,
  cardsToAstropyJson,
  countingByteSource,
  fileByteSource,
  readHeader,
  readImage,
} from "@panoptes/fits";
import {
  describeShared,
  GENERATED_FIXTURE_NAMES,
  generatedFixtures,
  sharedFileNames,
  sharedPath,
} from "@panoptes/testing";

/**
 * The same behaviours on two sets of PANOPTES files: the ones generated in this run (always) and the real ones
 * in ../shared/fixtures/fits (when present). `headerBlocks` is the size of solved.fits.fz's headers (HDU 0 and
 * the compressed HDU 1) in 2880-byte blocks; `pixels` what solved.fits.fz decompresses to.
 */
function fixtureBehaviours(
  dir: () => string,
  files: string[],
  expected: { count: number; headerBlocks: number; pixels: { bitpix: number; axes: number[] } },
): void {
  it(`has the ${expected.count} files`, () => expect(files.length).toBe(expected.count));

  it.each(files)("reads %s card for card as astropy (keyword, value, comment, order)", async (name) => {
    const file = path.join(dir(), name);
    const ext = name.endsWith(".fz") ? 1 : 0;
    const result = await readHeader(await fileByteSource(file), { hdu: ext });
    const reference = fs.readFileSync(`${file}.astropy.json`, "utf8");
    // Same text as the script prints: checks int vs float (1 vs 1.0) and the order, not just values.
    expect(astropyJsonText({ file: name, ext, cards: result.header.cards })).toBe(reference);
    expect(cardsToAstropyJson(result.header.cards).cards).toEqual(JSON.parse(reference).cards);
    expect(result.findings).toEqual([]);
  });

  it.each(files)('reads %s with hdu: "image" as the service does (1 for .fz, else 0)', async (name) => {
    const bytes = fs.readFileSync(path.join(dir(), name));
    const result = await readHeader(bufferByteSource(bytes), { hdu: "image" });
    expect(result.hdu).toBe(name.endsWith(".fz") ? 1 : 0);
    expect(result.compressed).toBe(name.endsWith(".fz"));
  });

  it("reads the header of solved.fits.fz with at most one block beyond the headers", async () => {
    const headerBytes = expected.headerBlocks * 2880;
    const { source, counts } = countingByteSource(await fileByteSource(path.join(dir(), "solved.fits.fz")));
    const result = await readHeader(source, { hdu: "image" });
    expect(result.location.dataStart).toBe(headerBytes);
    expect(counts.bytes).toBeLessThanOrEqual(headerBytes + 2880);
    expect(counts.bytes).toBeLessThan(source.size as number);
    expect(counts.requests).toBeLessThanOrEqual(6);
  });

  it(`reads the same header in one request with a read-ahead of ${expected.headerBlocks} blocks`, async () => {
    const { source, counts } = countingByteSource(await fileByteSource(path.join(dir(), "solved.fits.fz")));
    await readHeader(source, { hdu: 1, readAheadBlocks: expected.headerBlocks });
    expect(counts).toMatchObject({ requests: 1, bytes: expected.headerBlocks * 2880 });
  });

  it("decompresses solved.fits.fz pixel-equal to its uncompressed twin", async () => {
    const packed = await readImage(await fileByteSource(path.join(dir(), "solved.fits.fz")), {
      hdu: "image",
    });
    const twin = files.includes("solved-uncompressed.fits") ? "solved-uncompressed.fits" : "solved.fits";
    const plain = await readImage(await fileByteSource(path.join(dir(), twin)));
    expect(packed).toMatchObject({ ...expected.pixels, bzero: 32768, bscale: 1 });
    expect(plain.axes).toEqual(packed.axes);
    expect(Buffer.from(packed.raw.buffer).equals(Buffer.from(plain.raw.buffer))).toBe(true);
  });
}

describe("generated PANOPTES files (made in this run, astropy references from scripts/reference)", () => {
  // Names are known before the files exist: jest collects tests before beforeAll runs.
  const names = [...GENERATED_FIXTURE_NAMES];
  let dir = "";
  beforeAll(() => {
    const made = generatedFixtures();
    expect(made.files).toEqual(names);
    dir = made.dir;
  }, 60000);
  // HDU 0: 1 block; HDU 1: ~345 cards in 11 blocks (as the real file's 364 cards incl. END).
  fixtureBehaviours(() => dir, names, {
    count: 7,
    headerBlocks: 12,
    pixels: { bitpix: 16, axes: [160, 120] },
  });
});

describeShared("real PANOPTES files from panoptes-utils and POCS", "shared PANOPTES fixtures", () => {
  const files = sharedFileNames(["fixtures", "fits"], (name) => !name.endsWith(".json"));
  // HDU 0: 1 block (9 cards); HDU 1: 11 blocks (364 cards incl. END) → 12 blocks = 34560 bytes of headers.
  fixtureBehaviours(() => sharedPath("fixtures", "fits"), files, {
    count: 8,
    headerBlocks: 12,
    pixels: { bitpix: 16, axes: [700, 700] },
  });
});
