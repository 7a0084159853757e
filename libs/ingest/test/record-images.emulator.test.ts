import { demoDataset, type ImageSpec, makePanoptesFits, specPath } from "@panoptes/demo";
import { headerToMap, readHeader } from "@panoptes/fits";
import { recordImages, recordItem, type RecordItem } from "@panoptes/ingest";
import { COLLECTIONS, objectMessage, parseObjectPath } from "@panoptes/models";
import { firebaseApp, firestoreFor } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId } from "@panoptes/testing";

const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));

/** The item record-image would build for `spec` stored as generation `generation` (no Storage needed). */
async function item(spec: ImageSpec, generation: number): Promise<RecordItem> {
  const bytes = makePanoptesFits(spec);
  const source = { size: bytes.length, read: async (a: number, b: number) => bytes.subarray(a, b) };
  const { header } = await readHeader(source, { hdu: "image" });
  const path = parseObjectPath(specPath(spec));
  const message = objectMessage(
    {
      bucket: "record-images-tests",
      generation: String(generation),
      size: bytes.length,
      content_type: "image/fits",
      md5: null,
      time_created: null,
    },
    path,
  );
  return recordItem(message, path, headerToMap(header.cards));
}

/** `n` images of one fresh unit and camera (sequence `sequence_time`). */
async function images(n: number, overrides: Partial<ImageSpec> = {}): Promise<ImageSpec[]> {
  const base = demoDataset(1)[0]!;
  const unit_id = overrides.unit_id ?? (await uniqueUnitId());
  const camera_id = uniqueSuffix().slice(0, 6);
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    unit_id,
    camera_id,
    sequence_time: "20240410T050000",
    image_time: `20240410T0501${String(i).padStart(2, "0")}`,
    exptime: 60,
    ...overrides,
  }));
}

const get = async (collection: string, id: string) =>
  (await db().collection(collection).doc(id).get()).data();
const obsId = (s: ImageSpec) => `${s.unit_id}_${s.camera_id}_${s.sequence_time}`;

describe("recordImages: one transaction per batch, exact counters", () => {
  beforeAll(() => requireEmulators("firestore"));

  it("applies a batch in order: duplicates, a newer and an older generation of one image", async () => {
    const [a, b] = await images(2);
    const a1 = await item(a!, 100);
    const b1 = await item(b!, 100);
    const b2 = await item({ ...b!, exptime: 120 }, 200);
    const outcomes = await recordImages(db(), [a1, a1, b1, a1, b2, b1, a1], new Date());
    expect(outcomes).toEqual([
      "created",
      "unchanged",
      "created",
      "unchanged",
      "updated",
      "stale",
      "unchanged",
    ]);
    expect(await get(COLLECTIONS.observations, obsId(a!))).toMatchObject({
      num_images: 2,
      total_minutes_exptime: 3,
      counted_on_unit: true,
    });
    expect(await get(COLLECTIONS.units, a!.unit_id)).toMatchObject({
      num_images: 2,
      num_observations: 1,
      total_minutes_exptime: 3,
    });
    expect(await get(COLLECTIONS.images, b1.path.image_id)).toMatchObject({
      generation: "200",
      exptime: 120,
      counted_exptime: 120,
    });
    // The same batch again, as a redelivery would bring it: nothing changes.
    expect(await recordImages(db(), [a1, b2, b1], new Date())).toEqual(["unchanged", "unchanged", "stale"]);
    expect(await get(COLLECTIONS.units, a!.unit_id)).toMatchObject({
      num_images: 2,
      total_minutes_exptime: 3,
    });
  });

  it("counts two new observations of one unit in one batch", async () => {
    const first = await images(3);
    const second = await images(2, { unit_id: first[0]!.unit_id, sequence_time: "20240410T060000" });
    const batch = await Promise.all([...first, ...second].map((s, k) => item(s, 10 + k)));
    expect(await recordImages(db(), batch, new Date())).toEqual(Array(5).fill("created"));
    expect(await get(COLLECTIONS.units, first[0]!.unit_id)).toMatchObject({
      num_images: 5,
      num_observations: 2,
      total_minutes_exptime: 5,
    });
    expect(await get(COLLECTIONS.observations, obsId(first[0]!))).toMatchObject({ num_images: 3 });
    expect(await get(COLLECTIONS.observations, obsId(second[0]!))).toMatchObject({ num_images: 2 });
  });

  it("a new observation of a known unit refreshes its location; a processed observation goes back to receiving", async () => {
    const [old] = await images(1, { latitude: 10, longitude: 20, elevation: 100 });
    await recordImages(db(), [await item(old!, 1)], new Date());
    await db().collection(COLLECTIONS.observations).doc(obsId(old!)).update({ status: "processed" });
    const [moved] = await images(1, {
      unit_id: old!.unit_id,
      latitude: -30,
      longitude: 150,
      elevation: 700,
      sequence_time: "20240411T050000",
    });
    const [late] = await images(1, { ...old!, image_time: "20240410T050500" });
    await recordImages(
      db(),
      [await item(moved!, 2), await item({ ...late!, camera_id: old!.camera_id }, 3)],
      new Date(),
    );
    const unit = await get(COLLECTIONS.units, old!.unit_id);
    expect(unit).toMatchObject({ num_images: 3, num_observations: 2, elevation: 700 });
    expect(unit!.location.latitude).toBeCloseTo(-30);
    expect(await get(COLLECTIONS.observations, obsId(old!))).toMatchObject({
      status: "receiving_files",
      num_images: 2,
    });
  });

  it("counts an observation an earlier crash left uncounted on its unit, once", async () => {
    const specs = await images(2);
    await recordImages(db(), [await item(specs[0]!, 1)], new Date());
    // As an earlier version could leave it: the observation exists but is not in its unit's count.
    await db().collection(COLLECTIONS.observations).doc(obsId(specs[0]!)).update({ counted_on_unit: false });
    await db().collection(COLLECTIONS.units).doc(specs[0]!.unit_id).update({ num_observations: 0 });
    await recordImages(db(), [await item(specs[1]!, 2)], new Date());
    await recordImages(db(), [await item(specs[1]!, 2)], new Date());
    expect(await get(COLLECTIONS.units, specs[0]!.unit_id)).toMatchObject({
      num_observations: 1,
      num_images: 2,
    });
    expect(await get(COLLECTIONS.observations, obsId(specs[0]!))).toMatchObject({ counted_on_unit: true });
  });

  it("refuses a batch larger than one transaction can write", async () => {
    const [s] = await images(1);
    const one = await item(s!, 1);
    await expect(recordImages(db(), Array(151).fill(one), new Date())).rejects.toThrow(
      /at most 150 items, got 151/,
    );
  });
});
