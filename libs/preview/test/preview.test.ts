import { writeImage, readImage, type Card, string } from "@panoptes/fits";
import { spawnSync } from "node:child_process";
import {
  areaResample,
  BAYER_PATTERNS,
  encodeJpeg,
  encodePng,
  fitWidth,
  previewOfFits,
  renderChannels,
  stretchToBytes,
  superpixel,
} from "../src";

/** Decodes an image with netpbm (pngtopnm / jpegtopnm): width, height and the bytes. */
function netpbm(
  tool: "pngtopnm" | "jpegtopnm",
  bytes: Uint8Array,
): { width: number; height: number; maxval: number; data: Buffer } {
  const r = spawnSync(tool, [], { input: bytes, maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0)
    throw new Error(`${tool} failed (apt-get install netpbm): ${r.error?.message ?? r.stderr}`);
  const out = r.stdout;
  const text = out.subarray(0, 40).toString("latin1");
  const m = /^P[56]\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
  if (!m) throw new Error(`${tool}: not a PNM: ${text}`);
  return { width: Number(m[1]), height: Number(m[2]), maxval: Number(m[3]), data: out.subarray(m[0].length) };
}

const bytesSource = (bytes: Uint8Array) => ({
  size: bytes.length,
  read: async (a: number, b: number) => bytes.subarray(a, b),
});

describe("superpixel", () => {
  test.each(BAYER_PATTERNS)(
    "%s: each 2×2 cell gives its R, mean G, B, with BSCALE/BZERO applied",
    (pattern) => {
      const value: Record<string, number[]> = { R: [100], G: [200, 210], B: [300] };
      const raw = new Int16Array(4 * 2);
      const used: Record<string, number> = { R: 0, G: 0, B: 0 };
      [...pattern].forEach((c, i) => {
        const v = value[c]![used[c]!++]!;
        const x = i & 1;
        const y = i >> 1;
        raw[y * 4 + x] = v;
        raw[y * 4 + x + 2] = v + 1; // second cell: one more
      });
      const { r, g, b } = superpixel({ raw, width: 4, height: 2, pattern, bscale: 2, bzero: 10 });
      expect(r.width).toBe(2);
      expect(r.height).toBe(1);
      expect([...r.values]).toEqual([210, 212]);
      expect([...g.values]).toEqual([420, 422]);
      expect([...b.values]).toEqual([610, 612]);
    },
  );

  test("an odd last row and column are dropped", () => {
    const { g } = superpixel({ raw: new Uint16Array(5 * 3), width: 5, height: 3, pattern: "RGGB" });
    expect([g.width, g.height]).toEqual([2, 1]);
  });
});

describe("areaResample", () => {
  test("an integer factor gives block means, and flip puts the last row first", () => {
    const values = Float32Array.from({ length: 4 * 4 }, (_, i) => i);
    const out = areaResample({ values, width: 4, height: 4 }, 2, 2);
    expect([...out.values]).toEqual([2.5, 4.5, 10.5, 12.5]);
    expect([...areaResample({ values, width: 4, height: 4 }, 2, 2, true).values]).toEqual([
      10.5, 12.5, 2.5, 4.5,
    ]);
  });

  test("a non-integer factor keeps a constant and the mean of the image", () => {
    const values = Float32Array.from({ length: 7 * 5 }, (_, i) => (i * 37) % 11);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const out = areaResample({ values, width: 7, height: 5 }, 3, 2);
    expect(out.values.reduce((a, b) => a + b, 0) / out.values.length).toBeCloseTo(mean, 4);
    const flat = areaResample({ values: new Float32Array(35).fill(9), width: 7, height: 5 }, 3, 2);
    for (const v of flat.values) expect(v).toBeCloseTo(9, 5);
  });

  test("fitWidth keeps the aspect ratio and never enlarges", () => {
    expect(fitWidth(2604, 1738, 1200)).toEqual({ width: 1200, height: 801 });
    expect(fitWidth(100, 50, 1200)).toEqual({ width: 100, height: 50 });
  });
});

test("stretchToBytes maps lo to 0 and hi to 255, clipped, interleaved", () => {
  const out = new Uint8Array(8);
  stretchToBytes(Float32Array.of(-5, 0, 20, 100), [0, 100], out, 1, 2);
  expect([...out]).toEqual([0, 0, 0, 0, 0, 51, 0, 255]);
});

describe("encoders, decoded by netpbm", () => {
  const width = 37;
  const height = 11;
  const pixels = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 31) % 256);

  test("PNG decodes to the same RGB bytes", () => {
    const pnm = netpbm("pngtopnm", encodePng(pixels, width, height, 3));
    expect([pnm.width, pnm.height, pnm.maxval]).toEqual([width, height, 255]);
    expect(Buffer.compare(pnm.data, Buffer.from(pixels))).toBe(0);
  });

  test("grey PNG decodes to the same bytes", () => {
    const grey = pixels.subarray(0, width * height);
    expect(
      Buffer.compare(netpbm("pngtopnm", encodePng(grey, width, height, 1)).data, Buffer.from(grey)),
    ).toBe(0);
  });

  test("JPEG decodes to the size and close to the pixels of a smooth image", async () => {
    const smooth = Uint8Array.from({ length: 64 * 32 * 3 }, (_, i) => 40 + ((i / 3) % 64) * 2);
    const pnm = netpbm(
      "jpegtopnm",
      await encodeJpeg({ width: 64, height: 32, channels: 3, pixels: smooth }, 90),
    );
    expect([pnm.width, pnm.height]).toEqual([64, 32]);
    let worst = 0;
    for (let i = 0; i < smooth.length; i++)
      worst = Math.max(worst, Math.abs((pnm.data[i] as number) - (smooth[i] as number)));
    expect(worst).toBeLessThan(12);
  });
});

describe("previewOfFits", () => {
  /** A Bayer frame: flat sky with noise and one star (in every channel) at (sx, sy), FILTER RGGB. */
  function frame(width: number, height: number, sx: number, sy: number, filter = "RGGB"): Uint8Array {
    const pixels = new Uint16Array(width * height);
    let seed = 1;
    for (let i = 0; i < pixels.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      pixels[i] = 2000 + ((seed >>> 16) % 41) - 20;
    }
    for (let y = sy - 6; y <= sy + 6; y++)
      for (let x = sx - 6; x <= sx + 6; x++)
        pixels[y * width + x] = 2000 + Math.round(20000 * Math.exp(-((x - sx) ** 2 + (y - sy) ** 2) / 8));
    const header: Card[] = [{ keyword: "FILTER", value: string(filter), comment: "" }];
    return writeImage({ pixels, axes: [width, height], header });
  }

  test("a Bayer frame becomes colour at half size, shrunk to the widths asked, north (last FITS row) up", async () => {
    const width = 800;
    const height = 400;
    const image = await readImage(bytesSource(frame(width, height, 600, 300)));
    const p = previewOfFits(image, { width: 200, thumbWidth: 50 });
    expect(p.mode).toBe("bayer");
    expect([p.sourceWidth, p.sourceHeight]).toEqual([400, 200]);
    expect([p.preview.width, p.preview.height, p.preview.channels]).toEqual([200, 100, 3]);
    expect([p.thumb.width, p.thumb.height]).toEqual([50, 25]);
    expect(p.zscale[0]).toBeLessThan(2000);
    expect(p.zscale[1]).toBeGreaterThan(2000);
    // The star at FITS (600, 300) lands at preview (600/4, (400-300)/4) = (150, 25), row 0 at the top.
    const saturated = { n: 0, x: 0, y: 0 };
    for (let y = 0; y < p.preview.height; y++)
      for (let x = 0; x < p.preview.width; x++) {
        if ((p.preview.pixels[(y * p.preview.width + x) * 3 + 1] as number) < 255) continue;
        saturated.n++;
        saturated.x += x + 0.5;
        saturated.y += y + 0.5;
      }
    expect(saturated.n).toBeGreaterThan(0);
    // Pixel centres: the star's superpixel centre (300.25, 150.25) shrinks by 2 to (150.1, 75.1), flipped to 24.9.
    expect(Math.abs(saturated.x / saturated.n - 150.1)).toBeLessThan(0.6);
    expect(Math.abs(saturated.y / saturated.n - 24.9)).toBeLessThan(0.6);
  });

  test("a frame without a Bayer pattern is rendered grey at full resolution", async () => {
    const image = await readImage(bytesSource(frame(120, 60, 60, 30, "V")));
    const p = previewOfFits(image);
    expect(p.mode).toBe("grey");
    expect([p.preview.width, p.preview.height, p.preview.channels]).toEqual([120, 60, 1]);
  });

  test("a cube is refused with a message naming its axes", async () => {
    const cube = writeImage({ pixels: new Float32Array(2 * 3 * 4), axes: [2, 3, 4] });
    expect(() => previewOfFits(readImageSync(cube))).toThrow(/2-D image, got NAXIS 3 \(2×3×4\)/);
  });
  let readImageSync: (b: Uint8Array) => Awaited<ReturnType<typeof readImage>>;
  beforeAll(async () => {
    const cube = writeImage({ pixels: new Float32Array(2 * 3 * 4), axes: [2, 3, 4] });
    const image = await readImage(bytesSource(cube));
    readImageSync = () => image;
  });
});

test("the row-by-row reduction of integer Bayer pixels equals the superpixel path, limits and bytes", async () => {
  const width = 300;
  const height = 200;
  const pixels = Uint16Array.from({ length: width * height }, (_, i) => 1000 + ((i * 2654435761) >>> 22));
  const image = await readImage(
    bytesSource(
      writeImage({
        pixels,
        axes: [width, height],
        header: [{ keyword: "BAYERPAT", value: string("GRBG"), comment: "" }],
      }),
    ),
  );
  const fast = previewOfFits(image, { width: 70, thumbWidth: 20 });
  const { r, g, b } = superpixel({
    raw: image.raw as Int16Array,
    width,
    height,
    pattern: "GRBG",
    bscale: image.bscale,
    bzero: image.bzero,
  });
  const slow = renderChannels([r, g, b], "bayer", { width: 70, thumbWidth: 20 });
  expect(fast.channelLimits).toEqual(slow.channelLimits);
  expect(Buffer.compare(Buffer.from(fast.preview.pixels), Buffer.from(slow.preview.pixels))).toBe(0);
  expect(Buffer.compare(Buffer.from(fast.thumb.pixels), Buffer.from(slow.thumb.pixels))).toBe(0);
});
