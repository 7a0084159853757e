import { crc32, deflateSync } from "node:zlib";

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes 8-bit pixels (`channels` 1 = grey, 3 = RGB, interleaved, row 0 at the top) as a PNG: every row with
 * the Up filter, deflated by node:zlib at `level` (0-9).
 */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
  level = 6,
): Buffer {
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new RangeError(
      `encodePng: ${width}×${height}×${channels} needs ${stride * height} bytes, got ${pixels.length}`,
    );
  }
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1);
    const row = y * stride;
    filtered[o] = 2; // Up
    for (let i = 0; i < stride; i++) {
      filtered[o + 1 + i] =
        ((pixels[row + i] as number) - (y > 0 ? (pixels[row - stride + i] as number) : 0)) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 3 ? 2 : 0;
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(filtered, { level })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
