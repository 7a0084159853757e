import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import {
  createLogger,
  createObjectStore,
  createPublisher,
  firebaseApp,
  firestoreFor,
} from "@panoptes/platform";
import { TEST_PROJECT_ID } from "@panoptes/testing";
import { spawnSync } from "node:child_process";
import type { Deps } from "../src/handler";

/** A previews bucket no other test writes. */
export const PREVIEW_TEST_BUCKET = "make-preview-tests-previews";

export function store() {
  return createObjectStore(new Storage({ projectId: TEST_PROJECT_ID }));
}

/** Handler dependencies on the emulators, logging into `lines`. */
export function emulatorDeps(lines: string[] = [], overrides: Partial<Deps> = {}): Deps {
  return {
    db: firestoreFor(firebaseApp(TEST_PROJECT_ID)),
    publisher: createPublisher(new PubSub({ projectId: TEST_PROJECT_ID })),
    logger: createLogger({ service: "make-preview-test", write: (l) => lines.push(l) }),
    store: store(),
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
