import { spawnSync } from "node:child_process";
import fs from "node:fs";

/** Debian's interpreter first: a pyenv or venv python3 earlier on PATH may lack Debian's astropy. */
const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/**
 * Runs a Python script with astropy (Debian package python3-astropy), feeding `input` as JSON on stdin
 * and returning the JSON the script prints. Throws, failing the test, when astropy is not installed.
 */
export function runAstropy<T>(script: string, input: unknown): T {
  const result = spawnSync(PYTHON, ["-c", script], {
    input: JSON.stringify(input),
    encoding: "utf8",
    timeout: 60_000,
  });
  const missing =
    result.error !== undefined || /ModuleNotFoundError: No module named 'astropy'/.test(result.stderr);
  if (missing) {
    throw new Error(
      `the astropy cross-check needs ${PYTHON} with astropy: install the Debian package python3-astropy ` +
        `(apt-get install python3-astropy). ${result.error?.message ?? result.stderr}`,
    );
  }
  if (result.status !== 0) throw new Error(`the astropy cross-check script failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
