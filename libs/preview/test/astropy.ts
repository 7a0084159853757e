import { spawnSync } from "node:child_process";
import fs from "node:fs";

/** Debian's interpreter first: a pyenv or venv python3 earlier on PATH may lack Debian's astropy. */
const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/**
 * Runs a Python script with astropy and numpy (Debian package python3-astropy) with `args`, returning the JSON
 * it prints. Throws, failing the test, when astropy is missing.
 */
export function runAstropy<T>(script: string, args: string[], input?: Uint8Array): T {
  const result = spawnSync(PYTHON, ["-c", script, ...args], {
    input,
    encoding: "buffer",
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const stderr = result.stderr?.toString() ?? "";
  if (result.error !== undefined || /No module named 'astropy'/.test(stderr)) {
    throw new Error(
      `the astropy cross-check needs ${PYTHON} with astropy (apt-get install python3-astropy): ${result.error?.message ?? stderr}`,
    );
  }
  if (result.status !== 0) throw new Error(`the astropy script failed: ${stderr}`);
  return JSON.parse(result.stdout.toString()) as T;
}

/** astropy's ZScaleInterval limits of float64 values given raw (little-endian) on stdin. */
export const ZSCALE_STDIN = `
import sys, json, numpy as np
from astropy.visualization import ZScaleInterval
v = np.frombuffer(sys.stdin.buffer.read(), dtype='<f8')
lo, hi = ZScaleInterval().get_limits(v)
print(json.dumps([float(lo), float(hi)]))
`;
