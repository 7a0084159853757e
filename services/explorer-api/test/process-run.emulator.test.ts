import { PubSub } from "@google-cloud/pubsub";
import { sequenceIdFor, syntheticObservation } from "@panoptes/demo";
import { COLLECTIONS, TOPICS } from "@panoptes/models";
import {
  createLogger,
  createPublisher,
  ensureTopics,
  firebaseApp,
  firestoreFor,
  toFirestoreData,
} from "@panoptes/platform";
import {
  emulatorIdToken,
  requireEmulators,
  TEST_PROJECT_ID,
  uniqueSuffix,
  uniqueUnitId,
} from "@panoptes/testing";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app";
import { parseConfig } from "../src/config";

// POST /api/observations/:sequenceId/process: the explorer's "Process again" and operators' requests.
describe("POST /api/observations/:sequenceId/process", () => {
  let server: Server;
  let base = "";
  const pubsub = new PubSub({ projectId: TEST_PROJECT_ID });
  const db = () => firestoreFor(firebaseApp(TEST_PROJECT_ID));
  const real = createPublisher(pubsub);
  const published: Array<{ topic: string; data: Record<string, unknown>; id: string }> = [];

  beforeAll(async () => {
    requireEmulators("firestore", "pubsub", "auth");
    await ensureTopics(pubsub, [TOPICS.processObservation]);
    const app = createApp({
      db: db(),
      config: parseConfig({ GCLOUD_PROJECT: TEST_PROJECT_ID }),
      log: createLogger({ service: "explorer-api-test", level: "ERROR" }),
      // the real publisher, noting what it published (and the message id the emulator gave it)
      publisher: {
        publishJson: async (topic, data, attributes) => {
          const id = await real.publishJson(topic, data, attributes);
          published.push({ topic, data: data as Record<string, unknown>, id });
          return id;
        },
      },
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await pubsub.close();
  });

  async function observation(): Promise<string> {
    const unit_id = await uniqueUnitId();
    const camera_id = uniqueSuffix().slice(0, 6);
    const time = new Date("2024-03-15T06:00:00Z");
    const sequence_id = sequenceIdFor(unit_id, camera_id, time);
    const doc = syntheticObservation({ sequence_id, unit_id, camera_id, time, num_images: 7 });
    await db()
      .collection(COLLECTIONS.observations)
      .doc(sequence_id)
      .set(toFirestoreData(doc) as object);
    return sequence_id;
  }
  const post = (sequenceId: string, token?: string) =>
    fetch(`${base}/api/observations/${sequenceId}/process`, {
      method: "POST",
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });

  it("answers 401 without an ID token or with an invalid one, and queues nothing", async () => {
    const id = await observation();
    for (const res of [await post(id), await post(id, "not-a-token")]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthenticated" } });
    }
    const runs = await db()
      .collection(COLLECTIONS.processedObservations)
      .where("sequence_id", "==", id)
      .get();
    expect(runs.size).toBe(0);
  });

  it("answers 404 for an unknown observation", async () => {
    const res = await post("PAN999_abcdef_20240315T060000", await emulatorIdToken());
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not-found" } });
  });

  it("queues a run for a signed-in user: 202, a queued processed_observations document, the message published", async () => {
    const id = await observation();
    const token = await emulatorIdToken();
    const res = await post(id, token);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { success: boolean; processed_observation_id: string };
    expect(body.success).toBe(true);
    const run = (
      await db().collection(COLLECTIONS.processedObservations).doc(body.processed_observation_id).get()
    ).data();
    expect(run).toMatchObject({ sequence_id: id, status: "queued", trigger: "request", num_images: 7 });
    expect(typeof run?.requested_by).toBe("string");
    const obs = (await db().collection(COLLECTIONS.observations).doc(id).get()).data();
    expect(obs?.status).toBe("processing");
    expect(published).toEqual([
      {
        topic: TOPICS.processObservation,
        data: { sequence_id: id, processed_observation_id: body.processed_observation_id },
        id: expect.stringMatching(/^\d+$/),
      },
    ]);
  });
});
