import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./emulators";

/**
 * Tests that read the real files kept beside the checkout (`../shared`: PANOPTES fixtures, peer FITS files)
 * go through these functions, never through their own `fs.existsSync` gate. When the folder is present they run;
 * when it is absent (a plain clone, the GitHub workflow) jest counts them as skipped, and their title carries
 * SHARED_MARK and the reason, which the summary reporter (`scripts/jest/summary-reporter.mjs`) lists.
 * `.ci/run` fails when the folder is present and such a test skipped anyway.
 */

/** Put in the title of every test that needs ../shared; the summary reporter counts skips by it. */
export const SHARED_MARK = "[needs ../shared]";

/** What the reporter looks for after SHARED_MARK in a skipped test's title. */
export const SHARED_SKIP_PREFIX = "skipped:";

/**
 * The shared folder: `PANOPTES_SHARED_DIR` when set (a test of the skip accounting points it at a folder that
 * does not exist), else `../shared` beside the repository.
 */
export function sharedDir(): string {
  const fromEnv = process.env.PANOPTES_SHARED_DIR;
  return fromEnv ? path.resolve(fromEnv) : path.resolve(REPO_ROOT, "../shared");
}

/** A path inside the shared folder (whether or not it exists). */
export function sharedPath(...parts: string[]): string {
  return path.join(sharedDir(), ...parts);
}

/** True when `sharedPath(...parts)` exists. */
export function sharedExists(...parts: string[]): boolean {
  return fs.existsSync(sharedPath(...parts));
}

function gatedTitle(name: string, reason: string, sub: string[]): { title: string; present: boolean } {
  const present = sharedExists(...sub);
  const title = present
    ? `${name} ${SHARED_MARK}`
    : `${name} ${SHARED_MARK} ${SHARED_SKIP_PREFIX} ${sharedPath(...sub)} not found; ${reason}`;
  return { title, present };
}

/**
 * `describe(name, fn)` when the shared folder (or its `sub` path, e.g. `["fixtures", "cr2"]`) exists, else
 * `describe.skip` with `reason` (what the real files add, e.g. "real Canon CR2 headers") in the title. The body
 * is still collected when skipped, so build test tables with `sharedFileNames`, which never throws.
 */
export function describeShared(
  reason: string,
  name: string,
  fn: () => void,
  options: { sub?: string[] } = {},
): void {
  const { title, present } = gatedTitle(name, reason, options.sub ?? []);
  (present ? describe : describe.skip)(title, fn);
}

/** One test that needs the shared folder (or its `sub` path): `it`, or `it.skip` with the reason in the title. */
export function testShared(
  reason: string,
  name: string,
  fn: () => unknown,
  options: { sub?: string[]; timeout?: number } = {},
): void {
  const { title, present } = gatedTitle(name, reason, options.sub ?? []);
  const run = present ? it : it.skip;
  run(
    title,
    async () => {
      await fn();
    },
    options.timeout,
  );
}

/**
 * The names of the files in a shared sub-folder that `keep` accepts, sorted; when the folder is absent, one
 * placeholder name so that `it.each` tables inside a skipped `describeShared` are not empty (jest rejects empty
 * tables) and each skipped row is still counted.
 */
export function sharedFileNames(sub: string[], keep: (name: string) => boolean = () => true): string[] {
  const dir = sharedPath(...sub);
  if (!fs.existsSync(dir)) return [`(${path.basename(dir)} absent)`];
  return fs.readdirSync(dir).filter(keep).sort();
}
