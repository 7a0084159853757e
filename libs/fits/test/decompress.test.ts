import { gzipSync } from "node:zlib";
import { gunzipTile, riceDecode } from "@panoptes/fits";

describe("riceDecode", () => {
  it("decodes a low-entropy block (all differences zero) to the first pixel", () => {
    const out = new Int16Array(32);
    riceDecode(Uint8Array.of(0x12, 0x34, 0x00), out, 32, 32, 2);
    expect(Array.from(out)).toEqual(new Array(32).fill(0x1234));
  });

  it.each([
    ["an empty tile", new Uint8Array(0), 2],
    ["a tile whose stream ends before its pixels", Uint8Array.of(0x12, 0x34, 0x00), 2],
    ["a 32-bit tile cut after its first pixel", Uint8Array.of(0, 0, 0, 1, 0xff), 4],
  ] as const)("throws DecompressionError for %s", (_name, bytes, bytePix) => {
    const out = bytePix === 2 ? new Int16Array(1000) : new Int32Array(1000);
    expect(() => riceDecode(bytes, out, 1000, 32, bytePix)).toThrow(
      expect.objectContaining({ name: "DecompressionError", code: "CORRUPT_COMPRESSED_DATA" }),
    );
  });
});

describe("gunzipTile", () => {
  it("inflates a gzip tile and undoes GZIP_2 byte shuffling", () => {
    // Big-endian int16 values 0x0102, 0x0304 shuffled: most significant bytes first.
    const shuffled = Uint8Array.of(0x01, 0x03, 0x02, 0x04);
    expect(Array.from(gunzipTile(gzipSync(shuffled), 2))).toEqual([0x01, 0x02, 0x03, 0x04]);
  });

  it("throws DecompressionError for bytes that are not gzip or zlib", () => {
    expect(() => gunzipTile(Uint8Array.of(1, 2, 3, 4))).toThrow(
      expect.objectContaining({ name: "DecompressionError", code: "CORRUPT_COMPRESSED_DATA" }),
    );
  });
});
