import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./emulators";

/** Debian's python, which has python3-astropy (not a pyenv python that may come first on PATH). */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** The project's reference header dumper (astropy), `scripts/reference/astropy-cards.py`. */
export const ASTROPY_CARDS_SCRIPT = path.join(REPO_ROOT, "scripts/reference/astropy-cards.py");

/**
 * The JSON text `scripts/reference/astropy-cards.py FILE [EXT]` prints: a FITS header as astropy reads it.
 * `ext` defaults as the script's does (1 for *.fz, else 0). Throws naming python3-astropy when it cannot run.
 */
export function astropyCards(file: string, ext?: number): string {
  if (!fs.existsSync(DEBIAN_PYTHON))
    throw new Error(`${DEBIAN_PYTHON} not found: apt-get install python3-astropy`);
  const args = [ASTROPY_CARDS_SCRIPT, file, ...(ext === undefined ? [] : [String(ext)])];
  const res = spawnSync(DEBIAN_PYTHON, args, { encoding: "utf8" });
  if (res.status !== 0)
    throw new Error(`astropy-cards.py ${file} failed (apt-get install python3-astropy): ${res.stderr}`);
  return res.stdout;
}

/** Rows of CSV text as Debian Python's `csv` module reads them (the reference reader of our CSV exports). */
export function pythonCsvRows(text: string): string[][] {
  const script =
    "import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline='')))))";
  return JSON.parse(
    execFileSync(DEBIAN_PYTHON, ["-c", script], { input: text, encoding: "utf8" }),
  ) as string[][];
}
