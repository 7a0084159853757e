import { PubSub, type Subscription } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import { COLLECTIONS, TOPICS } from "@panoptes/models";
import { decodeJsonMessage, ensureTopics, firebaseApp, firestoreFor } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, waitFor } from "@panoptes/testing";
import { rejectedUploadId } from "../src/handler";

const RAW = "panoptes-raw-images";

describe("raw-file-uploaded in the Functions emulator", () => {
  let pubsub: PubSub;
  let sub: Subscription;
  const received: Array<{ data: Record<string, unknown>; attributes: Record<string, string> }> = [];

  beforeAll(async () => {
    requireEmulators("storage", "pubsub", "firestore", "functions");
    pubsub = new PubSub({ projectId: TEST_PROJECT_ID });
    await ensureTopics(pubsub, [TOPICS.recordImage, TOPICS.makeRgbFits]);
    [sub] = await pubsub.topic(TOPICS.recordImage).createSubscription(`route-test-${uniqueSuffix()}`);
    sub.on("message", (m) => {
      m.ack();
      received.push({ data: decodeJsonMessage(m.data) as Record<string, unknown>, attributes: m.attributes });
    });
  });
  afterAll(async () => {
    await sub?.close();
    await sub?.delete();
  });

  it("publishes an uploaded FITS to record-image with its ids", async () => {
    const camera = uniqueSuffix().slice(0, 6);
    const name = `PAN001/${camera}/20190102T030405/20190102T031000.fits`;
    await new Storage({ projectId: TEST_PROJECT_ID }).bucket(RAW).file(name).save(Buffer.alloc(2880, 32));
    const msg = await waitFor(
      async () => received.find((m) => m.data.bucket_path === name),
      20000,
      "record-image message",
    );
    expect(msg.data).toMatchObject({
      bucket: RAW,
      unit_id: "PAN001",
      camera_id: camera,
      kind: "fits",
      size: 2880,
    });
    expect(msg.attributes.image_id).toBe(msg.data.image_id);
  });

  it("records an upload whose path does not parse as rejected, with the reason", async () => {
    const name = `stray/${uniqueSuffix()}.fits`;
    const file = new Storage({ projectId: TEST_PROJECT_ID }).bucket(RAW).file(name);
    await file.save(Buffer.from("x"));
    const [metadata] = await file.getMetadata();
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    const ref = db
      .collection(COLLECTIONS.rejectedUploads)
      .doc(rejectedUploadId(RAW, name, String(metadata.generation)));
    const doc = await waitFor(
      async () => (await ref.get()).data() ?? undefined,
      20000,
      "rejected upload record",
    );
    expect(doc.error.code).toBe("invalid-path");
    expect(doc.error.message).toMatch(/segments/);
  });
});
