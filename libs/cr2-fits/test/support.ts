import { uniformMosaic, writeTestCr2 } from "@panoptes/demo";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Deterministic 14-bit values above a 2048 black level. */
export function testMosaic(width: number, height: number, seed = 1): Uint16Array {
  return uniformMosaic(width, height, 2048, 2048 + 14000, seed);
}

/** A generated EOS 100D-like CR2 of `width` × `height` raw pixels (14 bit, 2 components, 1+1 slices). */
export function testCr2(width = 64, height = 40, seed = 1): { file: Uint8Array; pixels: Uint16Array } {
  const pixels = testMosaic(width, height, seed);
  const file = writeTestCr2({
    width,
    height,
    bits: 14,
    components: 2,
    slices: [1, width / 2, width / 2],
    pixels,
  });
  return { file, pixels };
}

/** Rows of a row-major array in reverse order (numpy flipud). */
export function flipRows<T extends Uint16Array | Float32Array>(data: T, width: number, height: number): T {
  const out = data.slice() as T;
  for (let y = 0; y < height; y++)
    out.set(data.subarray(y * width, (y + 1) * width), (height - 1 - y) * width);
  return out;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** What astropy reads from a FITS file: selected header values, dtype, shape and every pixel. */
export interface AstropyImage {
  header: Record<string, string | number | boolean>;
  dtype: string;
  shape: number[];
  data: number[];
}

const ASTROPY_SCRIPT = `
import json, sys
from astropy.io import fits
out = []
for f in sys.argv[1:]:
    with fits.open(f) as hdul:
        h = hdul[0].header
        d = hdul[0].data
        out.append({"header": {k: h[k] for k in h.keys() if k not in ("COMMENT", "HISTORY", "")},
                    "dtype": d.dtype.name, "shape": list(d.shape), "data": d.ravel().tolist()})
print(json.dumps(out))
`;

/** Reads FITS files with Debian's astropy (/usr/bin/python3, package python3-astropy). */
export function astropyRead(files: string[]): AstropyImage[] {
  const py = spawnSync("/usr/bin/python3", ["-c", ASTROPY_SCRIPT, ...files], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (py.error || py.status !== 0) {
    throw new Error(
      `astropy could not read the products (needs /usr/bin/python3 with the Debian package python3-astropy): ` +
        `${py.error?.message ?? py.stderr}`,
    );
  }
  return JSON.parse(py.stdout) as AstropyImage[];
}

/** `dcraw -D -4 -t 0 -c FILE` as width, height and row-major values (Debian package dcraw). */
export function dcrawMosaic(file: string): { width: number; height: number; data: Uint16Array } {
  const r = spawnSync("dcraw", ["-D", "-4", "-t", "0", "-c", file], { maxBuffer: 512 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    throw new Error(
      `dcraw failed (install the Debian package dcraw): ${r.error?.message ?? String(r.stderr)}`,
    );
  }
  const buf = r.stdout as Buffer;
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString("latin1"));
  if (!m) throw new Error("dcraw did not write a PGM");
  const width = Number(m[1]);
  const height = Number(m[2]);
  const start = m[0].length;
  const data = new Uint16Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = buf.readUInt16BE(start + 2 * i);
  return { width, height, data };
}
