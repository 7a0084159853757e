import { runCaptured } from "@panoptes/cli";
import { demoDataset, makePanoptesFits, specPath } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor } from "@panoptes/platform";
import {
  requireEmulators,
  GENERATED_TRUTH,
  generatedFixtures,
  sharedPath,
  testShared,
  TEST_PROJECT_ID,
  uniqueSuffix,
  uniqueUnitId,
} from "@panoptes/testing";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const cli = (args: string[]) => runCaptured(args);

describe("the whole ingest chain: upload → raw-file-uploaded → record-image → Firestore", () => {
  beforeAll(() => requireEmulators("functions", "storage", "pubsub", "firestore"));

  it("records generated images uploaded with panoptes upload --wait, from their canonical paths in the header", async () => {
    const unit_id = await uniqueUnitId();
    const camera_id = uniqueSuffix().slice(0, 6);
    const specs = demoDataset(3)
      .slice(0, 3)
      .map((s) => ({ ...s, unit_id, camera_id }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chain-"));
    // Flat file names: the canonical path must come from the headers.
    const files = specs.map((s, i) => {
      const f = path.join(dir, `frame-${i}.fits`);
      fs.writeFileSync(f, makePanoptesFits(s));
      return f;
    });
    const res = await cli(["upload", ...files, "--wait", "--json", "--timeout", "60"]);
    expect(res.err).not.toMatch(/not recorded/);
    expect(res.code).toBe(0);
    const { uploaded, records } = JSON.parse(res.out);
    expect(uploaded.map((u: { bucket_path: string }) => u.bucket_path)).toEqual(
      specs.map((s) => specPath(s)),
    );
    expect(records.map((r: { status: string }) => r.status)).toEqual(["recorded", "recorded", "recorded"]);
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    const unit = (await db.collection(COLLECTIONS.units).doc(unit_id).get()).data();
    expect(unit).toMatchObject({ num_images: 3, num_observations: 1, total_minutes_exptime: 6 });
    const show = await cli([
      "show",
      "observation",
      `${unit_id}_${camera_id}_${specs[0]!.sequence_time}`,
      "--json",
    ]);
    expect(JSON.parse(show.out)).toMatchObject({
      num_images: 3,
      field_name: specs[0]!.field,
      status: "receiving_files",
    });
  }, 90000);

  /** Uploads an fpacked PANOPTES frame at a canonical path and expects its recorded fields. */
  async function recordsFpacked(file: string, expected: Record<string, unknown>, raImage: number) {
    const objectPath = `PAN001/${uniqueSuffix().slice(0, 6)}/20160909T081152/20160909T081434.fits.fz`;
    const res = await cli(["upload", file, "--path", objectPath, "--wait"]);
    expect(res.code).toBe(0);
    const [record] = JSON.parse(res.out);
    expect(record).toMatchObject({ status: "recorded", ...expected, size: fs.statSync(file).size });
    expect(record.ra_image).toBeCloseTo(raImage, 8);
  }

  it("records a generated fpacked PANOPTES image at the path it is given", async () => {
    const t = GENERATED_TRUTH;
    await recordsFpacked(
      path.join(generatedFixtures().dir, "solved.fits.fz"),
      { exptime: t.exptime, camtemp: t.camtemp, solved: true, measr: 474 },
      t.ra_image,
    );
  }, 60000);

  testShared(
    "a real fpacked PANOPTES frame",
    "records the real fpacked PANOPTES image at the path it is given",
    async () => {
      const file = sharedPath("fixtures", "fits", "solved.fits.fz");
      expect(fs.statSync(file).size).toBe(593280);
      await recordsFpacked(file, { exptime: 120.4, camtemp: 13, solved: true, measr: 474 }, 303.206422334);
    },
    { sub: ["fixtures", "fits", "solved.fits.fz"], timeout: 60000 },
  );

  it("records a corrupt upload as an error, naming the reason", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chain-"));
    const camera = uniqueSuffix().slice(0, 6);
    const f = path.join(dir, "PAN001", camera, "20240101T000000", "20240101T000100.fits");
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, "this is a text file that claims to be FITS\n".repeat(100));
    const res = await cli(["upload", f, "--wait"]);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.out)[0]).toMatchObject({
      status: "error",
      error: { code: "fits-not_fits", service: "record-image" },
    });
  }, 60000);

  it("explains why a file without a usable header cannot be placed", async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chain-")), "x.fits");
    fs.writeFileSync(f, "not fits");
    const res = await cli(["upload", f]);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/pass --path/);
  });
});
