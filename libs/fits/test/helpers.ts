import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root (libs/fits/test → ../../..). */
export const repoRoot = path.resolve(__dirname, "../../..");
/** Shared real fixtures, outside the repository. */
export const fixturesDir = path.resolve(repoRoot, "../shared/fixtures/fits");
/** The reference header dumper (astropy 5.2). */
export const astropyCardsScript = path.resolve(repoRoot, "../shared/tools/astropy-cards.py");
/** Debian's python with python3-astropy (not the pyenv python on PATH). */
export const debianPython = "/usr/bin/python3";

/** `describe` when the shared fixtures exist, else `describe.skip` with a warning naming the folder. */
export function describeIfFixtures(name: string, fn: () => void): void {
  if (fs.existsSync(fixturesDir)) {
    describe(name, fn);
  } else {
    console.warn(`skipping "${name}": shared fixtures not found at ${fixturesDir}`);
    describe.skip(name, fn);
  }
}

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

/** Stdout of astropy-cards.py for a file and HDU (the reference JSON text). */
export function astropyCards(file: string, ext: number): string {
  return execFileSync(debianPython, [astropyCardsScript, file, String(ext)], { encoding: "utf8" });
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = "fits-test-"): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
