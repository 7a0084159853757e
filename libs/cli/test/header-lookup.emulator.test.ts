import { runCaptured } from "@panoptes/cli";
import { Storage } from "@google-cloud/storage";
import {
  astropyCards,
  generatedFixtures,
  requireEmulators,
  TEST_PROJECT_ID,
  uniqueSuffix,
} from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";

describe("panoptes header on gs:// objects", () => {
  it("reads gs:// objects from the Storage emulator", async () => {
    requireEmulators("storage");
    const file = path.join(generatedFixtures().dir, "unsolved.fits");
    const key = `cli-tests/${uniqueSuffix()}/unsolved.fits`;
    await new Storage({ projectId: TEST_PROJECT_ID })
      .bucket("cli-tests")
      .file(key)
      .save(fs.readFileSync(file));
    const res = await runCaptured(["header", `gs://cli-tests/${key}`, "--json"]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out).cards).toEqual(JSON.parse(astropyCards(file)).cards);
  }, 60000);
});
