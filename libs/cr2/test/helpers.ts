import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Cr2Slices } from "@panoptes/cr2";
import { starField, type TestCr2Metadata, uniformMosaic, writeTestCr2 } from "@panoptes/demo";
import { sharedPath } from "@panoptes/testing";

/** Root of the repository checkout (libs/cr2/test → ../../..). */
export const REPO_ROOT = path.resolve(__dirname, "../../..");
/** Real CR2 fixtures in ../shared (read through describeShared/testShared, which skip when it is absent). */
export const CR2_FIXTURES = sharedPath("fixtures", "cr2");
/** The sub-path of ../shared the real-CR2 tests need. */
export const CR2_SUB = ["fixtures", "cr2"];

/** Debian package of each peer tool the tests spawn. */
const PACKAGES: Record<string, string> = { dcraw: "dcraw", exiftool: "libimage-exiftool-perl" };

/** Runs a peer tool and returns its stdout; fails with the Debian package to install when the tool is missing. */
export function runTool(
  tool: "dcraw" | "exiftool",
  args: string[],
): { stdout: Buffer; stderr: string; status: number } {
  const r = spawnSync(tool, args, { maxBuffer: 1 << 30 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(
      `${tool} is not installed: apt-get install ${PACKAGES[tool]} (Debian package "${PACKAGES[tool]}")`,
    );
  }
  return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status ?? -1 };
}

/** Parses a binary PGM (P5) with 16-bit big-endian samples, as `dcraw -4` writes. */
export function parsePgm16(buf: Buffer): { width: number; height: number; data: Uint16Array } {
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString("latin1"));
  if (!m) throw new Error(`not a binary PGM: ${JSON.stringify(buf.subarray(0, 16).toString("latin1"))}`);
  const width = Number(m[1]);
  const height = Number(m[2]);
  const start = m[0].length;
  const body = Buffer.from(buf.subarray(start, start + 2 * width * height)); // a copy, aligned
  if (body.length !== 2 * width * height)
    throw new Error(`PGM body has ${body.length} bytes, expected ${2 * width * height}`);
  body.swap16(); // big-endian → the host's little-endian
  return { width, height, data: new Uint16Array(body.buffer, body.byteOffset, width * height) };
}

/** A fresh temporary directory for files the peer tools read. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cr2-test-"));
}

/** A sky-like mosaic: black level + smooth gradient + noise + a few single-pixel bright stars, clipped to `bits`. */
export function skyMosaic(width: number, height: number, bits: number, seed = 1): Uint16Array {
  const black = bits === 14 ? 2048 : 256;
  return starField({
    width,
    height,
    seed,
    sky: (x, y) => black + 40 * (x / width) + 25 * (y / height),
    noiseSigma: 12,
    stars: Math.max(1, Math.floor((width * height) / 2000)),
    peak: { min: 0, max: (1 << bits) - 1 },
    psf: { sigma: 1, radius: 0.5 },
    max: (1 << bits) - 1,
  });
}

/** Writes a small generated 100D file (48 × 32 raw pixels of sky, 14 bit, 2 components) at `file`; returns `file`. */
export function writeSmallCr2(
  file: string,
  slices: Cr2Slices,
  metadata: Partial<TestCr2Metadata> = {},
): string {
  const pixels = skyMosaic(48, 32, 14);
  fs.writeFileSync(
    file,
    writeTestCr2({ width: 48, height: 32, bits: 14, components: 2, slices, pixels, metadata }),
  );
  return file;
}

/** Uniformly random values covering the whole range of `bits` (worst case for Huffman coding). */
export function randomMosaic(width: number, height: number, bits: number, seed = 7): Uint16Array {
  return uniformMosaic(width, height, 0, 1 << bits, seed);
}
