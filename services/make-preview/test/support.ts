import { emulatorMessageDeps, emulatorStore } from "@panoptes/testing";
import { spawnSync } from "node:child_process";
import type { Deps } from "../src/handler";

/** A previews bucket no other test writes. */
export const PREVIEW_TEST_BUCKET = "make-preview-tests-previews";

export const store = emulatorStore;

/** Handler dependencies on the emulators, logging into `lines`. */
export function emulatorDeps(lines: string[] = [], overrides: Partial<Deps> = {}): Deps {
  return {
    ...emulatorMessageDeps("make-preview-test", lines),
    previewBucket: PREVIEW_TEST_BUCKET,
    ...overrides,
  };
}

/** Width and height of a JPEG as Debian's netpbm `jpegtopnm` decodes it (a peer decoder, not ours). */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  const r = spawnSync("jpegtopnm", [], { input: bytes, maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) {
    throw new Error(
      `jpegtopnm could not decode the preview (apt-get install netpbm): ${r.error?.message ?? r.stderr}`,
    );
  }
  const m = /^P[56]\s+(\d+)\s+(\d+)\s/.exec(r.stdout.subarray(0, 40).toString("latin1"));
  if (!m) throw new Error("jpegtopnm wrote no PNM header");
  return { width: Number(m[1]), height: Number(m[2]) };
}
