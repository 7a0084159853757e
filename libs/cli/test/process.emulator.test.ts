import { Storage } from "@google-cloud/storage";
import { readIndexStars } from "@panoptes/astrometry";
import { main } from "@panoptes/cli";
import {
  DEMO_SKY_SPEC,
  makeSkyFrame,
  sequenceIdFor,
  syntheticImage,
  syntheticObservation,
} from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { createObjectStore, firebaseApp, firestoreFor, toFirestoreData } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId } from "@panoptes/testing";
import { startLocalProcessObservation } from "../../../services/process-observation/src/local";

// `panoptes process SEQUENCE_ID --wait --json` against the emulators, with process-observation served as Cloud Run
// serves it. The observation's frames are stored and their plate solutions written directly (solve-image's own
// chain is tested in services/process-observation).
const RAW = "panoptes-raw-images";
const CENTRE = { ra: 300.83453, dec: 43.79597 };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: { ...process.env } },
    out,
    err,
  };
}

describe("panoptes process", () => {
  let processor: Awaited<ReturnType<typeof startLocalProcessObservation>>;
  const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));

  beforeAll(async () => {
    requireEmulators("firestore", "pubsub", "storage");
    processor = await startLocalProcessObservation({
      env: { ...process.env, GCLOUD_PROJECT: TEST_PROJECT_ID },
      subscription: `process-observation-cli-${uniqueSuffix()}`,
    });
  }, 60_000);
  afterAll(async () => processor?.close());

  async function observation(frames: number, solved: boolean): Promise<string> {
    const unit_id = await uniqueUnitId();
    const camera_id = uniqueSuffix().slice(0, 6);
    const time = new Date("2024-03-15T06:00:00Z");
    const sequence_id = sequenceIdFor(unit_id, camera_id, time);
    const obs = syntheticObservation({
      sequence_id,
      unit_id,
      camera_id,
      time,
      num_images: frames,
      ...CENTRE,
    });
    await db()
      .collection(COLLECTIONS.observations)
      .doc(sequence_id)
      .set(toFirestoreData(obs) as object);
    const catalog = solved
      ? await readIndexStars("/usr/share/astrometry/index-tycho2-10.littleendian.fits", {
          ...CENTRE,
          radius: 2,
        })
      : [];
    for (let k = 0; k < frames; k++) {
      const image = syntheticImage(obs, k, { solved, status: solved ? "solved" : "unsolvable" });
      if (solved) {
        const frame = makeSkyFrame({
          width: 900,
          height: 600,
          ...CENTRE,
          catalog,
          fwhm: 6,
          sky: 300,
          fluxV10: 150_000,
          seed: k + 1,
          spec: DEMO_SKY_SPEC,
        });
        const info = await createObjectStore(new Storage({ projectId: TEST_PROJECT_ID })).write(
          RAW,
          image.bucket_path!,
          frame.bytes,
        );
        Object.assign(image, {
          wcs: frame.truth,
          generation: info.generation,
          solve_generation: info.generation,
        });
      }
      await db()
        .collection(COLLECTIONS.images)
        .doc(image.image_id)
        .set(toFirestoreData(image) as object);
    }
    return sequence_id;
  }

  it("--wait --json prints the finished run and exits 0 when it is done", async () => {
    const id = await observation(6, true);
    const c = capture();
    expect(await main(["process", id, "--wait", "--json"], c.io)).toBe(0);
    const run = JSON.parse(c.out.join("\n")) as Record<string, unknown>;
    expect(run).toMatchObject({
      sequence_id: id,
      status: "done",
      trigger: "cli",
      reason: null,
      num_images: 6,
    });
    expect(run.frames_used).toHaveLength(6);
    expect(run.num_lightcurves).toBeGreaterThan(5);
    expect(typeof run.id).toBe("string");
  }, 180_000);

  it("--wait exits 1 and prints the reason when the run failed", async () => {
    const id = await observation(2, false);
    const c = capture();
    expect(await main(["process", id, "--wait", "--json"], c.io)).toBe(1);
    expect(JSON.parse(c.out.join("\n"))).toMatchObject({
      status: "failed",
      reason: "the observation has no plate-solved frame",
    });
  }, 120_000);

  it("exits 1 naming an unknown observation", async () => {
    const c = capture();
    expect(await main(["process", "PAN999_abcdef_20240315T060000"], c.io)).toBe(1);
    expect(c.err.join("\n")).toContain("no observation PAN999_abcdef_20240315T060000");
  });
});
