import { demoDataset, type ImageSpec, type LegacyFixture, legacyDocuments } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { toFirestoreData } from "@panoptes/platform";
import { requireEmulators, uniqueUnitId } from "@panoptes/testing";
import { handleRecordImage } from "../src/handler";
import { deliver, emulatorDeps, uploadSpec } from "./support";

// Observations and units the 2020 network wrote (counters as strings, no `counted` flags) keep exact counters
// when new images of them arrive through the recorder.
describe("record-image on documents the 2020 network wrote", () => {
  let f: LegacyFixture;
  const deps = emulatorDeps();
  const get = async (collection: string, id: string) =>
    (await deps.db.collection(collection).doc(id).get()).data()!;
  const spec = (image_time: string, overrides: Partial<ImageSpec> = {}): ImageSpec => ({
    ...demoDataset(1)[0]!,
    unit_id: f.unitId,
    camera_id: f.countedObservation.camera_id,
    sequence_time: f.countedObservation.sequence_time,
    image_time,
    exptime: 120,
    ...overrides,
  });

  beforeAll(async () => {
    requireEmulators("firestore", "storage", "pubsub");
    f = legacyDocuments(await uniqueUnitId());
    await Promise.all(
      (
        [
          [COLLECTIONS.units, f.units],
          [COLLECTIONS.observations, f.observations],
          [COLLECTIONS.images, f.images],
        ] as const
      ).flatMap(([c, docs]) =>
        Object.entries(docs).map(([id, d]) =>
          deps.db
            .collection(c)
            .doc(id)
            .set(toFirestoreData(d) as object),
        ),
      ),
    );
  });

  it("adds new images to counters stored as strings, exactly", async () => {
    const messages = await Promise.all(
      ["20200317T060300", "20200317T060530"].map((t) => uploadSpec(spec(t))),
    );
    for (const m of messages)
      expect(await deliver(() => handleRecordImage(m, deps))).toMatchObject({ status: "recorded" });
    // a redelivery counts nothing
    await deliver(() => handleRecordImage(messages[0]!, deps));
    const { id, num_images, minutes } = f.countedObservation;
    expect(await get(COLLECTIONS.observations, id)).toMatchObject({
      num_images: num_images + 2,
      total_minutes_exptime: minutes + 4,
      status: "receiving_files",
    });
    expect(await get(COLLECTIONS.units, f.unitId)).toMatchObject({
      num_images: f.unitCounters.num_images + 2,
      num_observations: f.unitCounters.num_observations,
      total_minutes_exptime: f.unitCounters.total_minutes_exptime + 4,
    });
  });

  it("does not count again a re-upload of an image the 2020 network recorded (no counted flag)", async () => {
    const before = await get(COLLECTIONS.observations, f.countedObservation.id);
    const legacyImage = Object.keys(f.images)[0]!;
    const result = await deliver(async () =>
      handleRecordImage(await uploadSpec(spec(legacyImage.split("_")[2]!)), deps),
    );
    expect(result).toEqual({ status: "recorded", outcome: "updated" });
    const after = await get(COLLECTIONS.observations, f.countedObservation.id);
    expect(after.num_images).toBe(before.num_images);
    expect(after.total_minutes_exptime).toBe(before.total_minutes_exptime);
    expect(await get(COLLECTIONS.images, legacyImage)).toMatchObject({ status: "recorded", counted: true });
  });

  it("counts from zero on a 2020 observation that had no counters", async () => {
    const cf2020 = Object.keys(f.observations)[1]!;
    const [, camera_id, sequence_time] = cf2020.split("_");
    const m = await uploadSpec(
      spec("20200318T052000", { camera_id: camera_id!, sequence_time: sequence_time! }),
    );
    await deliver(() => handleRecordImage(m, deps));
    expect(await get(COLLECTIONS.observations, cf2020)).toMatchObject({
      num_images: 1,
      total_minutes_exptime: 2,
    });
  });
});
