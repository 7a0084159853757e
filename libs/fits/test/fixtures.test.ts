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
import { describeIfFixtures, fixturesDir } from "./helpers";

const files = fs.existsSync(fixturesDir)
  ? fs.readdirSync(fixturesDir).filter((name) => !name.endsWith(".json"))
  : [];

describeIfFixtures("shared PANOPTES fixtures", () => {
  it("has the eight documented files", () => expect(files.length).toBe(8));

  it.each(files)("reads %s card for card as astropy (keyword, value, comment, order)", async (name) => {
    const file = path.join(fixturesDir, name);
    const ext = name.endsWith(".fz") ? 1 : 0;
    const result = await readHeader(await fileByteSource(file), { hdu: ext });
    const reference = fs.readFileSync(`${file}.astropy.json`, "utf8");
    // Same text as the script prints: checks int vs float (1 vs 1.0) and the order, not just values.
    expect(astropyJsonText({ file: name, ext, cards: result.header.cards })).toBe(reference);
    expect(cardsToAstropyJson(result.header.cards).cards).toEqual(JSON.parse(reference).cards);
    expect(result.findings).toEqual([]);
  });

  it.each(files)('reads %s with hdu: "image" as the service does (1 for .fz, else 0)', async (name) => {
    const bytes = fs.readFileSync(path.join(fixturesDir, name));
    const result = await readHeader(bufferByteSource(bytes), { hdu: "image" });
    expect(result.hdu).toBe(name.endsWith(".fz") ? 1 : 0);
    expect(result.compressed).toBe(name.endsWith(".fz"));
  });

  it("reads the header of solved.fits.fz with at most one block beyond the headers", async () => {
    // HDU 0: 1 block (9 cards); HDU 1: 11 blocks (364 cards incl. END) → 12 blocks = 34560 bytes of headers.
    const headerBytes = 12 * 2880;
    const { source, counts } = countingByteSource(
      await fileByteSource(path.join(fixturesDir, "solved.fits.fz")),
    );
    const result = await readHeader(source, { hdu: "image" });
    expect(result.location.dataStart).toBe(headerBytes);
    expect(counts.bytes).toBeLessThanOrEqual(headerBytes + 2880);
    expect(counts.bytes).toBeLessThan(source.size as number);
    expect(counts.requests).toBeLessThanOrEqual(6);
  });

  it("reads the same header in one request with a read-ahead of 12 blocks", async () => {
    const { source, counts } = countingByteSource(
      await fileByteSource(path.join(fixturesDir, "solved.fits.fz")),
    );
    await readHeader(source, { hdu: 1, readAheadBlocks: 12 });
    expect(counts).toMatchObject({ requests: 1, bytes: 12 * 2880 });
  });

  it("decompresses solved.fits.fz pixel-equal to solved-uncompressed.fits", async () => {
    const packed = await readImage(await fileByteSource(path.join(fixturesDir, "solved.fits.fz")), {
      hdu: "image",
    });
    const plain = await readImage(await fileByteSource(path.join(fixturesDir, "solved-uncompressed.fits")));
    expect(packed).toMatchObject({ bitpix: 16, axes: [700, 700], bzero: 32768, bscale: 1 });
    expect(plain.axes).toEqual(packed.axes);
    expect(Buffer.from(packed.raw.buffer).equals(Buffer.from(plain.raw.buffer))).toBe(true);
  });
});
