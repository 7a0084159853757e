import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import {
  createObjectStore,
  createPublisher,
  decodeJsonMessage,
  ensureTopics,
  firebaseApp,
  firestoreFor,
  ObjectNotFoundError,
  readDoc,
  toFirestoreData,
} from "@panoptes/platform";
import { requireEmulators, storageAt, TEST_PROJECT_ID, uniqueSuffix } from "@panoptes/testing";
import { Timestamp } from "firebase-admin/firestore";
import net from "node:net";
import { z } from "zod";

describe("adapters against the emulators", () => {
  beforeAll(() => requireEmulators("firestore", "pubsub", "storage"));

  it("writes a document through the adapter and reads it back from the Firestore emulator", async () => {
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    const ref = db.collection("adapter_tests").doc(`doc-${uniqueSuffix()}`);
    const when = new Date("2018-02-16T11:06:23Z");
    await ref.set(
      toFirestoreData({ time: when, location: { latitude: 19.54, longitude: -155.58 }, n: 3 }) as object,
    );
    const raw = (await ref.get()).data()!;
    expect(raw.time).toBeInstanceOf(Timestamp);
    const schema = z.object({
      time: z.date(),
      location: z.object({ latitude: z.number(), longitude: z.number() }),
      n: z.number(),
    });
    expect(readDoc(schema, await ref.get())).toEqual({
      time: when,
      location: { latitude: 19.54, longitude: -155.58 },
      n: 3,
    });
    expect(
      readDoc(
        schema,
        await db
          .collection("adapter_tests")
          .doc("missing-" + uniqueSuffix())
          .get(),
      ),
    ).toBeNull();
  });

  it("rejects a stored document that does not match its schema, naming the field", async () => {
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    const ref = db.collection("adapter_tests").doc(`bad-${uniqueSuffix()}`);
    await ref.set({ n: 3 });
    const snap = await ref.get();
    expect(() => readDoc(z.object({ n: z.string() }), snap)).toThrow(
      /adapter_tests\/bad-.* does not match its schema: n: /,
    );
  });

  it("publishes a JSON message that a subscriber receives with its attributes", async () => {
    const pubsub = new PubSub({ projectId: TEST_PROJECT_ID });
    const topic = `adapter-test-${uniqueSuffix()}`;
    await ensureTopics(pubsub, [topic]);
    await ensureTopics(pubsub, [topic]); // idempotent
    const [sub] = await pubsub.topic(topic).createSubscription(`${topic}-sub`);
    const received = new Promise<{ data: unknown; attributes: Record<string, string> }>((resolve) => {
      sub.on("message", (m) => {
        m.ack();
        resolve({ data: decodeJsonMessage(m.data), attributes: m.attributes });
      });
    });
    await createPublisher(pubsub).publishJson(
      topic,
      { image_id: "PAN001_14d3bd_20180216T112430" },
      { kind: "fits" },
    );
    await expect(received).resolves.toEqual({
      data: { image_id: "PAN001_14d3bd_20180216T112430" },
      attributes: { kind: "fits" },
    });
    await sub.close();
  });

  it("reads byte ranges of an object in the Storage emulator", async () => {
    const store = createObjectStore(new Storage({ projectId: TEST_PROJECT_ID }));
    const bucket = "adapter-tests";
    const path = `ranges/${uniqueSuffix()}.bin`;
    const data = Buffer.from(Array.from({ length: 10000 }, (_, i) => i % 251));
    const written = await store.write(bucket, path, data, { contentType: "application/octet-stream" });
    expect(written.size).toBe(10000);
    expect(written.generation).toMatch(/^\d+$/);
    expect(await store.readRange(bucket, path, 2880, 5760)).toEqual(data.subarray(2880, 5760));
    expect(await store.readRange(bucket, path, 9990, 10000)).toEqual(data.subarray(9990));
    expect((await store.stat(bucket, path))?.size).toBe(10000);
    expect(await store.stat(bucket, `${path}.missing`)).toBeNull();
    await expect(store.read(bucket, `${path}.missing`)).rejects.toBeInstanceOf(ObjectNotFoundError);
    const listed = await store.list(bucket, { prefix: path });
    expect(listed.items.map((i) => i.path)).toEqual([path]);
  });

  it("reads ranges of one generation, and names what is missing", async () => {
    const store = createObjectStore(new Storage({ projectId: TEST_PROJECT_ID }));
    const bucket = "adapter-tests";
    // A name with characters that must be escaped in the URL.
    const path = `generations/${uniqueSuffix()} #1+ü.fits`;
    const first = await store.write(bucket, path, Buffer.from("A".repeat(4000)));
    const second = await store.write(bucket, path, Buffer.from("B".repeat(4000)));
    expect(second.generation).not.toBe(first.generation);
    expect((await store.readRange(bucket, path, 10, 20, second.generation)).toString()).toBe("B".repeat(10));
    expect((await store.readRange(bucket, path, 10, 20)).toString()).toBe("B".repeat(10));
    // (The Storage emulator keeps only the latest generation and ignores `generation` on reads, so reading an
    // overwritten generation cannot be checked here.)
    await expect(store.readRange(bucket, `${path}.missing`, 0, 10)).rejects.toBeInstanceOf(
      ObjectNotFoundError,
    );
    await expect(store.readRange("no-such-bucket-here", path, 0, 10)).rejects.toMatchObject({
      kind: "permanent",
    });
  });

  it("reports an unreachable Storage as a transient failure, after retrying", async () => {
    // A server that drops every connection stands for Storage being down; it counts the attempts.
    let attempts = 0;
    const server = net.createServer((socket) => {
      attempts++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    const storage = storageAt(port);
    try {
      await expect(createObjectStore(storage).readRange("b", "p", 0, 10)).rejects.toMatchObject({
        kind: "transient",
        code: "storage-unavailable",
      });
      expect(attempts).toBe(3);
    } finally {
      server.close();
    }
  });
});
