import { runCaptured } from "@panoptes/cli";
import { demoDataset, makePanoptesFits, specPath } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId, waitFor } from "@panoptes/testing";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { jpegSize, store } from "./support";

describe("the deployed chain: upload → record-image → make-preview → panoptes-previews", () => {
  beforeAll(() => requireEmulators("functions", "storage", "pubsub", "firestore"));

  it("makes the preview of an uploaded frame and records it on the image", async () => {
    const spec = {
      ...demoDataset(1)[0]!,
      unit_id: await uniqueUnitId(),
      camera_id: uniqueSuffix().slice(0, 6),
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "preview-chain-")), "frame.fits");
    fs.writeFileSync(file, makePanoptesFits(spec, { width: 800, height: 600 }));
    const res = await runCaptured(["upload", file, "--wait", "--json", "--timeout", "60"]);
    expect(res.code).toBe(0);
    const imageId = `${spec.unit_id}_${spec.camera_id}_${spec.image_time}`;
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    const previews = await waitFor(
      async () => (await db.collection(COLLECTIONS.images).doc(imageId).get()).data()?.previews,
      60_000,
      `previews of ${imageId}`,
    );
    const stem = specPath(spec, "");
    expect(previews).toMatchObject({
      status: "made",
      source: "fits",
      bucket: "panoptes-previews",
      preview: `${stem}-preview.jpg`,
      width: 400,
      height: 300,
    });
    expect(jpegSize(await store().read("panoptes-previews", `${stem}-preview.jpg`))).toEqual({
      width: 400,
      height: 300,
    });
    expect(jpegSize(await store().read("panoptes-previews", `${stem}-thumb.jpg`))).toEqual({
      width: 300,
      height: 225,
    });
  }, 120_000);
});
