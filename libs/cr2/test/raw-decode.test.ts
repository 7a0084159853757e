import * as fs from "node:fs";
import * as path from "node:path";
import { Cr2Error, decodeRaw, readCr2Structure, type Cr2Slices } from "@panoptes/cr2";
import { seededRandom, type TestCr2Options, writeTestCr2 } from "@panoptes/demo";
import { describeShared } from "@panoptes/testing";
import { CR2_FIXTURES, CR2_SUB, parsePgm16, randomMosaic, runTool, skyMosaic, tempDir } from "./helpers";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Decodes a file with Debian's dcraw as PANOPTES did (`dcraw -D -4 -t 0`). */
function dcrawDecode(bytes: Uint8Array, name: string): { width: number; height: number; data: Uint16Array } {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  const out = runTool("dcraw", ["-D", "-4", "-t", "0", "-c", file]);
  if (out.status !== 0) throw new Error(`dcraw failed on ${name}: ${out.stderr}`);
  return parsePgm16(out.stdout);
}

const sameValues = (a: Uint16Array, b: Uint16Array): boolean =>
  a.length === b.length &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

interface Case {
  label: string;
  width: number;
  height: number;
  bits: number;
  components: number;
  slices: Cr2Slices;
  predictor?: number;
  huffmanTables?: 1 | 2;
  restartInterval?: number;
  random?: boolean;
}

const CASES: Case[] = [
  { label: "14-bit, 2 components, no slices", width: 64, height: 40, bits: 14, components: 2, slices: null },
  {
    label: "12-bit, 4 components, 3 equal slices",
    width: 60,
    height: 44,
    bits: 12,
    components: 4,
    slices: [2, 20, 20],
  },
  {
    label: "14-bit, 2 components, 3 unequal slices",
    width: 96,
    height: 30,
    bits: 14,
    components: 2,
    slices: [2, 40, 16],
  },
  {
    label: "14-bit, 4 components, 2 slices, odd height",
    width: 136,
    height: 67,
    bits: 14,
    components: 4,
    slices: [1, 72, 64],
  },
  {
    label: "12-bit, 2 components, full-range random data",
    width: 120,
    height: 48,
    bits: 12,
    components: 2,
    slices: [2, 44, 32],
    random: true,
  },
  {
    label: "14-bit, 4 components, full-range random data",
    width: 88,
    height: 40,
    bits: 14,
    components: 4,
    slices: null,
    random: true,
  },
  {
    label: "one Huffman table shared by all components",
    width: 50,
    height: 50,
    bits: 14,
    components: 2,
    slices: null,
    huffmanTables: 1,
  },
  {
    label: "restart markers every 4 lines",
    width: 64,
    height: 40,
    bits: 14,
    components: 2,
    slices: [1, 40, 24],
    restartInterval: 128,
  },
  ...[2, 3, 4, 5, 6, 7].map((p): Case => ({
    label: `predictor ${p}`,
    width: 48,
    height: 36,
    bits: 14,
    components: 2,
    slices: [1, 24, 24],
    predictor: p,
  })),
];

describe("decodeRaw on generated CR2 files, cross-checked with dcraw -D -4 -t 0", () => {
  it.each(CASES)("$label ($width x $height)", (c) => {
    const pixels = c.random ? randomMosaic(c.width, c.height, c.bits) : skyMosaic(c.width, c.height, c.bits);
    const options: TestCr2Options = { ...c, pixels };
    const file = writeTestCr2(options);
    const ours = decodeRaw(file);
    expect([ours.width, ours.height, ours.bits, ours.components]).toEqual([
      c.width,
      c.height,
      c.bits,
      c.components,
    ]);
    expect(sameValues(ours.data, pixels)).toBe(true);
    const dcraw = dcrawDecode(file, "case.cr2");
    expect([dcraw.width, dcraw.height]).toEqual([c.width, c.height]);
    expect(sameValues(dcraw.data, pixels)).toBe(true);
  });

  it("reads a frame wider than 4x its height as half as wide and twice as tall, as dcraw does", () => {
    // A 2-component frame of 100 columns × 24 lines holds 200 samples a line: dcraw reads it as 100 × 48.
    const pixels = skyMosaic(200, 24, 14);
    const file = writeTestCr2({ width: 200, height: 24, bits: 14, components: 2, slices: null, pixels });
    const ours = decodeRaw(file);
    const dcraw = dcrawDecode(file, "wide.cr2");
    expect([ours.width, ours.height]).toEqual([100, 48]);
    expect([dcraw.width, dcraw.height]).toEqual([100, 48]);
    expect(sameValues(ours.data, pixels)).toBe(true);
    expect(sameValues(dcraw.data, pixels)).toBe(true);
  });
});

/** Offset of the raw strip and of its StripByteCounts value, from the file's own IFD3. */
function stripInfo(file: Uint8Array): { offset: number; lengthAt: number; length: number } {
  const { tiff, rawIfd } = readCr2Structure(file);
  const off = rawIfd?.entries.get(0x0111);
  const len = rawIfd?.entries.get(0x0117);
  if (!off || !len) throw new Error("no strip");
  return { offset: tiff.numbers(off)[0] ?? 0, lengthAt: len.valueOffset, length: tiff.numbers(len)[0] ?? 0 };
}

function expectCr2Error(f: () => unknown, code: string, message: RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(Cr2Error);
  expect((thrown as Cr2Error).code).toBe(code);
  expect((thrown as Error).message).toMatch(message);
}

describe("decodeRaw on corrupt streams", () => {
  const pixels = skyMosaic(64, 40, 14);
  const good = (): Uint8Array =>
    writeTestCr2({ width: 64, height: 40, bits: 14, components: 2, slices: [1, 40, 24], pixels });

  it("names the missing bytes when the file is cut inside the raw strip", () => {
    const file = good();
    const { offset, length } = stripInfo(file);
    const cut = file.subarray(0, file.length - 100);
    expectCr2Error(
      () => decodeRaw(cut),
      "RAW_DATA_MISSING",
      new RegExp(`raw strip at offset ${offset} needs ${length} bytes, file has ${cut.length}`),
    );
  });

  it("reports truncated entropy-coded data when the strip itself is short", () => {
    const file = good();
    const { lengthAt, length } = stripInfo(file);
    new DataView(file.buffer).setUint32(lengthAt, Math.floor(length / 2), true);
    expectCr2Error(() => decodeRaw(file), "LJPEG_DECODE", /truncated/);
  });

  it("rejects an over-subscribed Huffman table", () => {
    const file = good();
    const { offset } = stripInfo(file);
    expect([file[offset + 2], file[offset + 3]]).toEqual([0xff, 0xc4]);
    file[offset + 7] = 3; // three 1-bit codes cannot exist
    expectCr2Error(() => decodeRaw(file), "LJPEG_DECODE", /over-subscribed/);
  });

  it("rejects a scan that uses an undefined Huffman table", () => {
    const file = good();
    const { offset } = stripInfo(file);
    const firstLen = ((file[offset + 4] ?? 0) << 8) | (file[offset + 5] ?? 0);
    const second = offset + 4 + firstLen; // second DHT marker
    expect([file[second], file[second + 1]]).toEqual([0xff, 0xc4]);
    file[second + 4] = 0; // redefine table 0 instead of table 1
    expectCr2Error(() => decodeRaw(file), "LJPEG_DECODE", /Huffman table 1, which no DHT defined/);
  });

  it("refuses a frame header claiming more samples than the data could hold, before allocating", () => {
    const file = good();
    const { offset } = stripInfo(file);
    let p = offset + 2;
    while (!(file[p] === 0xff && file[p + 1] === 0xc3)) p++;
    file[p + 5] = 0xff; // height 0xFFxx lines
    file[p + 7] = 0xff; // width 0xFFxx samples per line
    expectCr2Error(
      () => decodeRaw(file),
      "LJPEG_DECODE",
      /declares \d+x\d+x2 = \d+ samples, but its \d+ bytes/,
    );
  });

  it("rejects a strip that is not a JPEG", () => {
    const file = good();
    const { offset } = stripInfo(file);
    file[offset] = 0x12;
    expectCr2Error(() => decodeRaw(file), "LJPEG_DECODE", /must start with SOI/);
  });

  it("fails cleanly (never hangs, never a foreign error) on randomly damaged entropy data", () => {
    const rand = seededRandom(99);
    const { offset, length } = stripInfo(good());
    for (let k = 0; k < 40; k++) {
      const file = good();
      const dataStart = offset + 120; // past the headers
      for (let j = 0; j < 8; j++)
        file[dataStart + Math.floor(rand() * (length - 130))] = Math.floor(rand() * 256);
      try {
        const raw = decodeRaw(file);
        expect(raw.data.length).toBe(64 * 40);
      } catch (e) {
        expect(e).toBeInstanceOf(Cr2Error);
      }
    }
  });
});

describeShared(
  "real Canon CR2 headers whose raw data was cut off",
  "decodeRaw on the real header-only CR2 files",
  () => {
    it("names the missing bytes of the 1Ds Mark III strip", () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(CR2_FIXTURES, "eos1dsmk3-header-only.cr2")));
      expectCr2Error(
        () => decodeRaw(bytes),
        "RAW_DATA_MISSING",
        /raw strip at offset 1232136 needs 19627632 bytes, file has 339216/,
      );
    });

    it("rejects the 16-byte 350D strip as a lossless JPEG that cannot be decoded", () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(CR2_FIXTURES, "eos350d-header-only.cr2")));
      expectCr2Error(() => decodeRaw(bytes), "LJPEG_DECODE", /offset 8648/);
    });

    it.each(["eos350d-header-only.cr2", "eos1dsmk3-header-only.cr2"])("dcraw refuses %s too", (name) => {
      const out = runTool("dcraw", ["-D", "-4", "-t", "0", "-c", path.join(CR2_FIXTURES, name)]);
      expect(out.status).not.toBe(0);
      expect(out.stdout.length).toBe(0);
    });
  },
  { sub: CR2_SUB },
);
