import { runCaptured } from "@panoptes/cli";
import { demoDataset } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { deadLetterId } from "@panoptes/platform";
import { requireEmulators, uniqueSuffix, uniqueUnitId, waitFor } from "@panoptes/testing";
import { handleRecordImage } from "../src/handler";
import { emulatorDeps, uploadSpec } from "./support";

const cli = (args: string[]) => runCaptured(args);

describe("panoptes replay", () => {
  beforeAll(() => requireEmulators("functions", "firestore", "storage", "pubsub"));

  it("re-runs a dead-lettered event through the deployed record-image after the cause is fixed", async () => {
    const spec = {
      ...demoDataset(1)[0]!,
      unit_id: await uniqueUnitId(),
      camera_id: uniqueSuffix().slice(0, 6),
    };
    const message = await uploadSpec(spec);
    // "The bug": a record-image whose header bound is too small fails permanently and dead-letters the event.
    const buggy = { ...emulatorDeps(), maxHeaderBytes: 2880 };
    const failed = await handleRecordImage(message, buggy);
    expect(failed).toMatchObject({ status: "error", code: "fits-header_too_large" });
    const id = deadLetterId("record-image", `${message.bucket}/${message.bucket_path}#${message.generation}`);
    const db = emulatorDeps().db;
    expect((await db.collection(COLLECTIONS.deadLetters).doc(id).get()).data()).toMatchObject({
      status: "pending",
    });

    const dry = await cli(["replay", "--image", message.image_id, "--dry-run", "--json"]);
    expect(JSON.parse(dry.out).replayed).toEqual([
      expect.objectContaining({ id, image_id: message.image_id }),
    ]);

    const res = await cli(["replay", "--image", message.image_id, "--json"]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out).replayed).toHaveLength(1);
    // The real function (default bound) records it; counters count it once.
    const image = await waitFor(
      async () => {
        const d = (await db.collection(COLLECTIONS.images).doc(message.image_id).get()).data();
        return d?.status === "recorded" ? d : undefined;
      },
      30000,
      "the replayed image to be recorded",
    );
    expect(image).toMatchObject({ error: null, counted: true });
    expect((await db.collection(COLLECTIONS.units).doc(spec.unit_id).get()).data()).toMatchObject({
      num_images: 1,
    });
    expect((await db.collection(COLLECTIONS.deadLetters).doc(id).get()).data()).toMatchObject({
      status: "replayed",
    });
  }, 60000);
});
