import { createImageRecorder, messageFor } from "@panoptes/ingest";
import { Storage } from "@google-cloud/storage";
import { type ImageSpec, makePanoptesFits, specPath } from "@panoptes/demo";
import { type ObjectMessage, parseObjectPath } from "@panoptes/models";
import { emulatorMessageDeps, emulatorStore, TEST_PROJECT_ID } from "@panoptes/testing";
import type { Deps } from "../src/handler";

export const RAW = "panoptes-raw-images";

/**
 * Handler dependencies on the emulators, logging into `lines` instead of stdout; headers are read through
 * `storage` (the Storage emulator by default).
 */
export function emulatorDeps(
  lines: string[] = [],
  storage = new Storage({ projectId: TEST_PROJECT_ID }),
): Deps {
  const deps = emulatorMessageDeps("record-image-test", lines, storage);
  // As the deployed binding does: one group commit per instance.
  return { ...deps, recorder: createImageRecorder(deps.db) };
}

/** Uploads bytes to the raw bucket and returns the record-image message raw-file-uploaded would publish. */
export async function uploadForMessage(
  objectPath: string,
  bytes: Uint8Array,
  bucket = RAW,
): Promise<ObjectMessage> {
  const info = await emulatorStore().write(bucket, objectPath, bytes);
  return messageFor(info, parseObjectPath(objectPath));
}

/** Uploads a generated image for `spec` (in a test-only bucket by default, so no trigger fires). */
export async function uploadSpec(spec: ImageSpec, bucket = "record-image-tests"): Promise<ObjectMessage> {
  return uploadForMessage(specPath(spec), makePanoptesFits(spec), bucket);
}

/**
 * Delivers a message as Pub/Sub does: a handler that throws (a transient failure, such as transaction
 * contention) gets the same message again after a backoff, up to `attempts` times.
 */
export async function deliver<T>(handler: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handler();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 100));
    }
  }
}
