import { main } from "@panoptes/cli";
import { Storage } from "@google-cloud/storage";
import { demoDataset, makePanoptesFits, specPath } from "@panoptes/demo";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId } from "@panoptes/testing";

describe("panoptes backfill", () => {
  beforeAll(() => requireEmulators("firestore", "storage"));

  it("records the objects under a prefix and reports progress", async () => {
    const unit_id = await uniqueUnitId();
    const camera_id = uniqueSuffix().slice(0, 6);
    const specs = demoDataset(4)
      .slice(0, 4)
      .map((s) => ({ ...s, unit_id, camera_id }));
    const bucket = new Storage({ projectId: TEST_PROJECT_ID }).bucket("cli-backfill-tests");
    await Promise.all(specs.map((s) => bucket.file(specPath(s)).save(makePanoptesFits(s))));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: { ...process.env } };
    expect(
      await main(["backfill", "--bucket", "cli-backfill-tests", "--prefix", `${unit_id}/`, "--json"], io),
    ).toBe(0);
    expect(JSON.parse(out.join(""))).toMatchObject({ listed: 4, recorded: 4, failed: 0 });
    expect(err.join("\n")).toMatch(/\[backfill\] listed 4 {2}recorded 4/);
  });
});
