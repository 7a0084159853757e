import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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

/** Deterministic pseudo-random generator (LCG), values in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A sky-like mosaic: black level + smooth gradient + noise + a few bright stars, clipped to `bits`. */
export function skyMosaic(width: number, height: number, bits: number, seed = 1): Uint16Array {
  const rand = lcg(seed);
  const max = (1 << bits) - 1;
  const black = bits === 14 ? 2048 : 256;
  const out = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sky = black + 40 * (x / width) + 25 * (y / height);
      const noise = (rand() + rand() + rand() - 1.5) * 24;
      out[y * width + x] = Math.max(0, Math.min(max, Math.round(sky + noise)));
    }
  }
  for (let k = 0; k < Math.max(1, (width * height) / 2000); k++) {
    const i = Math.floor(rand() * out.length);
    out[i] = Math.min(max, (out[i] ?? 0) + Math.floor(rand() * max));
  }
  return out;
}

/** Uniformly random values covering the whole range of `bits` (worst case for Huffman coding). */
export function randomMosaic(width: number, height: number, bits: number, seed = 7): Uint16Array {
  const rand = lcg(seed);
  const out = new Uint16Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(rand() * (1 << bits));
  return out;
}
