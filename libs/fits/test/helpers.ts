import { spawnSync } from "node:child_process";
import { DEBIAN_PYTHON } from "@panoptes/testing";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Debian's python with python3-astropy (not the pyenv python on PATH). */
export const debianPython = DEBIAN_PYTHON;

/** Fail with a message naming the Debian package when a peer tool is missing. */
export function requireTool(command: string, debianPackage: string): void {
  const found = spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
  if (!found)
    throw new Error(
      `${command} not found: install the Debian package ${debianPackage} (apt-get install ${debianPackage})`,
    );
}

/** Fail with a message naming python3-astropy when astropy is not importable by /usr/bin/python3. */
export function requireAstropy(): void {
  const ok = fs.existsSync(debianPython) && spawnSync(debianPython, ["-c", "import astropy"]).status === 0;
  if (!ok)
    throw new Error("astropy not importable by /usr/bin/python3: install the Debian package python3-astropy");
}

/** Stdout of scripts/reference/astropy-cards.py for a file and HDU (the reference JSON text). */
export { astropyCards } from "@panoptes/testing";

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = "fits-test-"): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
