import { demoDataset, type ImageSpec, makePanoptesFits } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { deadLetterId } from "@panoptes/platform";
import { requireEmulators, uniqueSuffix, uniqueUnitId } from "@panoptes/testing";
import { handleRecordImage } from "../src/handler";
import { deliver, emulatorDeps, uploadForMessage, uploadSpec } from "./support";

/** A fresh sequence of `n` images on a unit no other test uses. */
async function sequence(n: number, overrides: Partial<ImageSpec> = {}): Promise<ImageSpec[]> {
  const base = demoDataset(1)[0]!;
  const unit_id = await uniqueUnitId();
  const camera_id = uniqueSuffix().slice(0, 6);
  return Array.from({ length: n }, (_, i) => {
    const t = new Date(Date.UTC(2024, 2, 15, 6, 0, 0) + i * 1000);
    const image_time = t
      .toISOString()
      .replace(/\.\d{3}Z$/, "")
      .replace(/[-:]/g, "");
    return { ...base, unit_id, camera_id, sequence_time: "20240315T060000", image_time, ...overrides };
  });
}

async function docs(spec: ImageSpec) {
  const deps = emulatorDeps();
  const get = async (c: string, id: string) => (await deps.db.collection(c).doc(id).get()).data();
  return {
    unit: await get(COLLECTIONS.units, spec.unit_id),
    observation: await get(
      COLLECTIONS.observations,
      `${spec.unit_id}_${spec.camera_id}_${spec.sequence_time}`,
    ),
    image: await get(COLLECTIONS.images, `${spec.unit_id}_${spec.camera_id}_${spec.image_time}`),
  };
}

describe("record-image handler on the emulators", () => {
  beforeAll(() => requireEmulators("firestore", "storage", "pubsub"));

  it("records unit, observation and image with every field from the header", async () => {
    const [spec] = await sequence(1, { exptime: 90, camtemp: 13 });
    const message = await uploadSpec(spec!);
    const result = await handleRecordImage(message, emulatorDeps());
    expect(result).toEqual({ status: "recorded", outcome: "created" });
    const { unit, observation, image } = await docs(spec!);
    expect(unit).toMatchObject({
      unit_id: spec!.unit_id,
      num_images: 1,
      num_observations: 1,
      total_minutes_exptime: 1.5,
      status: "active",
    });
    expect(unit!.location.latitude).toBeCloseTo(spec!.latitude);
    expect(unit!.elevation).toBe(spec!.elevation);
    expect(observation).toMatchObject({
      num_images: 1,
      total_minutes_exptime: 1.5,
      field_name: spec!.field,
      status: "receiving_files",
      iso: 100,
      exptime: 90,
    });
    expect(observation!.ra).toBeCloseTo(spec!.ra, 6);
    expect(image).toMatchObject({
      status: "recorded",
      camtemp: 13,
      circconf: 0.019,
      measr: 474,
      measb: 718,
      solved: true,
      exptime: 90,
      generation: message.generation,
      size: message.size,
      error: null,
    });
    expect(image!.time.toDate().toISOString()).toBe(new Date(Date.UTC(2024, 2, 15, 6, 0, 0)).toISOString());
  });

  it("counts once when the same message is delivered 5 times, even concurrently to two instances", async () => {
    const specs = await sequence(2);
    const messages = await Promise.all(specs.map((s) => uploadSpec(s)));
    // Two instances: each batches what it receives, and their transactions contend on the same documents.
    const instances = [emulatorDeps(), emulatorDeps()];
    const results = await Promise.all(
      [...Array(5)].flatMap((_, k) =>
        messages.map((m) => deliver(() => handleRecordImage(m, instances[k % 2]!))),
      ),
    );
    expect(results.filter((r) => r.status === "recorded" && r.outcome === "created")).toHaveLength(2);
    const { unit, observation } = await docs(specs[0]!);
    expect(unit).toMatchObject({ num_images: 2, num_observations: 1, total_minutes_exptime: 4 });
    expect(observation).toMatchObject({ num_images: 2, total_minutes_exptime: 4 });
  });

  it("keeps exact counters for 200 concurrent images of one observation on two instances", async () => {
    const specs = await sequence(200, { exptime: 30 });
    // Uploads are set-up, done 20 at a time (the Storage emulator drops connections beyond that);
    // the 200 handler calls below all run at once.
    const messages = [];
    for (let i = 0; i < specs.length; i += 20)
      messages.push(...(await Promise.all(specs.slice(i, i + 20).map((s) => uploadSpec(s)))));
    const instances = [emulatorDeps(), emulatorDeps()];
    // All 200 at once, spread over two instances; contention between their transactions makes some fail
    // transiently, and those are redelivered.
    await Promise.all(messages.map((m, k) => deliver(() => handleRecordImage(m, instances[k % 2]!))));
    const { unit, observation } = await docs(specs[0]!);
    expect(observation).toMatchObject({ num_images: 200, total_minutes_exptime: 100 });
    expect(unit).toMatchObject({ num_images: 200, num_observations: 1, total_minutes_exptime: 100 });
  }, 120000);

  it("updates a re-uploaded image (new generation) without counting it again", async () => {
    const [spec] = await sequence(1, { exptime: 60 });
    const first = await uploadSpec(spec!);
    await handleRecordImage(first, emulatorDeps());
    const second = await uploadSpec({ ...spec!, exptime: 120, camtemp: 25 });
    expect(BigInt(second.generation) > BigInt(first.generation)).toBe(true);
    expect(await handleRecordImage(second, emulatorDeps())).toEqual({
      status: "recorded",
      outcome: "updated",
    });
    // The older event arriving late changes nothing.
    expect(await handleRecordImage(first, emulatorDeps())).toEqual({ status: "recorded", outcome: "stale" });
    const { unit, observation, image } = await docs(spec!);
    expect(image).toMatchObject({ generation: second.generation, camtemp: 25, exptime: 120 });
    expect(observation).toMatchObject({ num_images: 1, total_minutes_exptime: 2 });
    expect(unit).toMatchObject({ num_images: 1, total_minutes_exptime: 2 });
  });

  describe("poison inputs are recorded, dead-lettered and acknowledged", () => {
    const cases: Array<[string, (spec: ImageSpec) => Uint8Array, RegExp]> = [
      // raw-file-uploaded rejects empty uploads itself; an event for one that reaches record-image still ends here.
      ["zero bytes", () => new Uint8Array(0), /^fits-/],
      ["a text file named .fits", () => Buffer.from("SIMPLE? no, just a note\n".repeat(300)), /^fits-/],
      [
        "a truncated header",
        () =>
          Buffer.from(
            "SIMPLE  =                    T".padEnd(80) + "BITPIX  =                   16".padEnd(80),
          ),
        /^fits-truncated_header$/,
      ],
      ["a header whose ids contradict the path", () => new Uint8Array(), /^ids-inconsistent$/],
    ];
    it.each(cases)("%s", async (_name, bytes, code) => {
      const [spec] = await sequence(1);
      let message;
      if (code.source.includes("ids-inconsistent")) {
        const other = { ...spec!, unit_id: spec!.unit_id === "PAN999" ? "PAN998" : "PAN999" };
        message = await uploadForMessage(
          `${spec!.unit_id}/${spec!.camera_id}/${spec!.sequence_time}/${spec!.image_time}.fits`,
          makePanoptesFits(other),
          "record-image-tests",
        );
      } else {
        message = await uploadForMessage(
          `${spec!.unit_id}/${spec!.camera_id}/${spec!.sequence_time}/${spec!.image_time}.fits`,
          bytes(spec!),
          "record-image-tests",
        );
      }
      const deps = emulatorDeps();
      const result = await handleRecordImage(message, deps);
      expect(result.status).toBe("error");
      expect(result.status === "error" && result.code).toMatch(code);
      const { image, unit } = await docs(spec!);
      expect(image).toMatchObject({
        status: "error",
        counted: false,
        error: { code: expect.stringMatching(code), service: "record-image" },
      });
      expect(unit).toBeUndefined();
      const id = deadLetterId(
        "record-image",
        `${message.bucket}/${message.bucket_path}#${message.generation}`,
      );
      const letter = (await deps.db.collection(COLLECTIONS.deadLetters).doc(id).get()).data();
      expect(letter).toMatchObject({
        topic: "record-image",
        status: "pending",
        failures: 1,
        message: { image_id: message.image_id },
      });
      // Redelivery of the same poison message does not loop: it is recorded again and acknowledged.
      await handleRecordImage(message, deps);
      expect((await deps.db.collection(COLLECTIONS.deadLetters).doc(id).get()).data()).toMatchObject({
        failures: 2,
      });
    });

    it("dead-letters a malformed message", async () => {
      const result = await handleRecordImage({ bucket_path: 42 }, emulatorDeps());
      expect(result).toMatchObject({ status: "error", code: "invalid-message" });
    });

    it("marks an image error as recorded after the file is fixed and replayed", async () => {
      const [spec] = await sequence(1);
      const path = `${spec!.unit_id}/${spec!.camera_id}/${spec!.sequence_time}/${spec!.image_time}.fits`;
      const bad = await uploadForMessage(path, Buffer.from("garbage".repeat(500)), "record-image-tests");
      expect((await handleRecordImage(bad, emulatorDeps())).status).toBe("error");
      const good = await uploadSpec(spec!);
      expect(await handleRecordImage(good, emulatorDeps())).toEqual({
        status: "recorded",
        outcome: "created",
      });
      const { image, unit } = await docs(spec!);
      expect(image).toMatchObject({ status: "recorded", error: null, counted: true });
      expect(unit).toMatchObject({ num_images: 1 });
    });
  });
});
