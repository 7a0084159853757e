import { messageFor } from "@panoptes/ingest";
import { demoDataset, type ImageSpec, writeTestCr2 } from "@panoptes/demo";
import { COLLECTIONS, type MakeRgbFitsMessage, parseObjectPath } from "@panoptes/models";
import { firebaseApp, firestoreFor } from "@panoptes/platform";
import {
  emulatorMessageDeps,
  emulatorStore,
  TEST_PROJECT_ID,
  uniqueSuffix,
  uniqueUnitId,
} from "@panoptes/testing";
import type { Deps } from "../src/handler";

/** Buckets no trigger watches, so handler tests run alone. */
export const CR2_BUCKET = "make-rgb-fits-tests";
export const RGB_TEST_BUCKET = "make-rgb-fits-tests-rgb";

export const store = emulatorStore;

/** Handler dependencies on the emulators, logging into `lines`. */
export function emulatorDeps(lines: string[] = [], overrides: Partial<Deps> = {}): Deps {
  return {
    ...emulatorMessageDeps("make-rgb-fits-test", lines),
    rgbBucket: RGB_TEST_BUCKET,
    ...overrides,
  };
}

/** A demo image spec on a unit and camera no other test uses. */
export async function freshSpec(): Promise<ImageSpec> {
  const base = demoDataset(1)[0]!;
  return {
    ...base,
    unit_id: await uniqueUnitId(),
    camera_id: uniqueSuffix().slice(0, 6),
    sequence_time: "20240315T060000",
    image_time: "20240315T060130",
    exptime: 90,
  };
}

/** A small generated EOS 100D-like CR2 (48 × 32 raw pixels, 14 bit). */
export function smallCr2(seed = 7): Uint8Array {
  const width = 48;
  const height = 32;
  const pixels = new Uint16Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 2048 + ((i * 2654435761 + seed) >>> 20);
  return writeTestCr2({ width, height, bits: 14, components: 2, slices: [1, 24, 24], pixels });
}

/** Uploads bytes and returns the make-rgb-fits message raw-file-uploaded would publish for them. */
export async function uploadCr2(
  objectPath: string,
  bytes: Uint8Array,
  bucket = CR2_BUCKET,
): Promise<MakeRgbFitsMessage> {
  const info = await store().write(bucket, objectPath, bytes);
  return messageFor(info, parseObjectPath(objectPath));
}

/** The unit, observation and image documents of a spec (plain data, undefined when absent). */
export async function docs(spec: ImageSpec) {
  const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const get = async (c: string, id: string) => (await db.collection(c).doc(id).get()).data();
  return {
    unit: await get(COLLECTIONS.units, spec.unit_id),
    observation: await get(
      COLLECTIONS.observations,
      `${spec.unit_id}_${spec.camera_id}_${spec.sequence_time}`,
    ),
    image: await get(COLLECTIONS.images, `${spec.unit_id}_${spec.camera_id}_${spec.image_time}`),
  };
}
