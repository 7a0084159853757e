import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  bufferByteSource,
  float,
  integer,
  physicalPixels,
  readImage,
  string,
  writeImage,
  type Card,
  type WritablePixels,
} from "@panoptes/fits";
import { astropyCards, debianPython, requireAstropy, tempDir } from "./helpers";

// astropy reads the file, reports dtype and shape, and dumps the pixels little-endian for comparison.
const READ_WITH_ASTROPY = `
import sys, json, numpy as np
from astropy.io import fits
with fits.open(sys.argv[1]) as hdul:
    data = hdul[0].data
    np.ascontiguousarray(data).astype(data.dtype.newbyteorder("<")).tofile(sys.argv[2])
    print(json.dumps({"dtype": data.dtype.name, "shape": list(data.shape)}))
`;

const HEADER: Card[] = [
  { keyword: "EXPTIME", value: float(120.4), comment: "seconds" },
  { keyword: "ISO", value: integer(100), comment: "" },
  { keyword: "CAMTEMP", value: string("13 C"), comment: "Celsius" },
  // Structural keywords given by the caller are dropped: the writer derives them from the pixels.
  { keyword: "BITPIX", value: integer(-64), comment: "ignored" },
  { keyword: "BZERO", value: integer(5), comment: "ignored" },
];

function pixelsOf(kind: string, count: number): WritablePixels {
  const values = Array.from({ length: count }, (_, i) => (i * 7919) % 65536);
  switch (kind) {
    case "uint16":
      return Uint16Array.from(values);
    case "int32":
      return Int32Array.from(values, (v, i) => (v - 32768) * (i % 3 === 0 ? 40000 : 1));
    case "float32":
      return Float32Array.from(values, (v) => v / 7 - 1000);
    default:
      throw new Error(kind);
  }
}

const ARRAY_OF: Record<string, (buffer: Buffer) => ArrayLike<number>> = {
  uint16: (b) => new Uint16Array(b.buffer, b.byteOffset, b.length / 2),
  int32: (b) => new Int32Array(b.buffer, b.byteOffset, b.length / 4),
  float32: (b) => new Float32Array(b.buffer, b.byteOffset, b.length / 4),
};

describe("writeImage read back by astropy", () => {
  const tmp = tempDir();
  beforeAll(() => requireAstropy());
  afterAll(() => tmp.cleanup());

  it.each([
    ["uint16", 16, 32768],
    ["int32", 32, 0],
    ["float32", -32, 0],
  ])("writes a %s image astropy reads with identical values and keywords", async (kind, bitpix, bzero) => {
    const axes = [37, 23];
    const pixels = pixelsOf(kind, 37 * 23);
    const file = path.join(tmp.dir, `${kind}.fits`);
    const bytes = writeImage({ pixels, axes, header: HEADER });
    expect(bytes.length % 2880).toBe(0);
    fs.writeFileSync(file, bytes);

    const dump = path.join(tmp.dir, `${kind}.bin`);
    const info = JSON.parse(
      execFileSync(debianPython, ["-c", READ_WITH_ASTROPY, file, dump], { encoding: "utf8" }),
    );
    expect(info).toEqual({ dtype: kind, shape: [23, 37] });
    const theirs = ARRAY_OF[kind]?.(fs.readFileSync(dump)) as ArrayLike<number>;
    expect(Array.from(theirs)).toEqual(Array.from(pixels));

    const cards = JSON.parse(astropyCards(file, 0)).cards as Array<{ keyword: string; value: unknown }>;
    const values = Object.fromEntries(cards.map((c) => [c.keyword, c.value]));
    expect(values).toMatchObject({
      BITPIX: bitpix,
      NAXIS: 2,
      NAXIS1: 37,
      NAXIS2: 23,
      EXPTIME: 120.4,
      ISO: 100,
      CAMTEMP: "13 C",
    });
    expect(values.BZERO).toBe(bzero === 0 ? undefined : bzero);

    const ours = await readImage(bufferByteSource(bytes));
    expect(Array.from(physicalPixels(ours) as ArrayLike<number>)).toEqual(Array.from(pixels));
  });

  it("refuses pixels that do not fill the axes", () => {
    expect(() => writeImage({ pixels: new Uint16Array(10), axes: [3, 3] })).toThrow(
      expect.objectContaining({ name: "FitsWriteError", code: "INVALID_IMAGE" }),
    );
  });
});
