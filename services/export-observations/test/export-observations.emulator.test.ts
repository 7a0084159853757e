import { Storage } from "@google-cloud/storage";
import { legacyDocuments } from "@panoptes/demo";
import { COLLECTIONS } from "@panoptes/models";
import {
  createLogger,
  createObjectStore,
  firebaseApp,
  firestoreFor,
  toFirestoreData,
} from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId } from "@panoptes/testing";
import { parseConfig } from "../src/config";
import { handleExportObservations } from "../src/handler";

describe("export-observations (the scheduled run, called on demand)", () => {
  beforeAll(() => requireEmulators("firestore", "storage"));

  it("writes both files into the export bucket and logs each observation it cannot read", async () => {
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    const f = legacyDocuments(await uniqueUnitId());
    await Promise.all(
      Object.entries(f.observations).map(([id, d]) =>
        db
          .collection(COLLECTIONS.observations)
          .doc(id)
          .set(toFirestoreData(d) as object),
      ),
    );
    const bucket = `export-tests-${uniqueSuffix()}`;
    const lines: string[] = [];
    const storage = new Storage({ projectId: TEST_PROJECT_ID });
    const result = await handleExportObservations(
      {
        db,
        store: createObjectStore(storage),
        bucket,
        logger: createLogger({ service: "export-observations-test", write: (l) => lines.push(l) }),
      },
      new Date("2026-12-01T12:00:00Z"),
    );
    expect(result.objects).toEqual(["observations.csv", "observations.json"]);
    const [json] = await storage.bucket(bucket).file("observations.json").download();
    const ids = (JSON.parse(json.toString()) as { sequence_id: string }[]).map((r) => r.sequence_id);
    expect(ids).toEqual(
      expect.arrayContaining(Object.keys(f.observations).filter((id) => id !== f.unreadableObservation)),
    );
    expect(ids).not.toContain(f.unreadableObservation);
    const [meta] = await storage.bucket(bucket).file("observations.csv").getMetadata();
    expect(meta.contentType).toBe("text/csv; charset=utf-8");
    expect(meta.metadata).toMatchObject({ generated_time: "2026-12-01T12:00:00.000Z" });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ id: f.unreadableObservation, severity: "WARNING" }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ message: "observation exports written", observations: result.observations }),
    );
  });

  it("reads its bucket from EXPORT_BUCKET", () => {
    expect(parseConfig({}).EXPORT_BUCKET).toBe("panoptes-public-data");
    expect(parseConfig({ EXPORT_BUCKET: "panoptes-exp.appspot.com" }).EXPORT_BUCKET).toBe(
      "panoptes-exp.appspot.com",
    );
  });
});
