import { PubSub } from "@google-cloud/pubsub";
import {
  type ErrorInfo,
  ObjectMessage,
  objectMessage,
  type ObjectPath,
  parseObjectPath,
  COLLECTIONS,
} from "@panoptes/models";
import {
  cloudEventHandler,
  createLogger,
  createPublisher,
  deadLetterId,
  firebaseApp,
  firestoreFor,
  handleObjectMessage,
  type MessageDeps,
  PermanentError,
  pushEndpoint,
  TransientError,
} from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix } from "@panoptes/testing";
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

const TOPIC = "skeleton-tests";

/** What the toy service's work does with one message, by bucket path. */
type Behaviour = "ok" | "permanent" | "transient";

interface ToyDeps extends MessageDeps {
  behaviour: Behaviour;
  marked: Array<{ image_id: string; error: ErrorInfo }>;
  worked: string[];
  markFails?: boolean;
}

const toy = handleObjectMessage<ObjectMessage, { status: "done"; image_id: string }, ToyDeps>({
  service: "skeleton-test",
  topic: TOPIC,
  schema: ObjectMessage,
  kind: "fits",
  async markError(deps, { path, error }) {
    if (deps.markFails) throw new TransientError("firestore-unavailable", "the marker's store is down");
    deps.marked.push({ image_id: path.image_id, error });
  },
  async work({ message, path, deps }) {
    deps.worked.push(message.bucket_path);
    if (deps.behaviour === "permanent")
      throw new PermanentError("fits-not_fits", `${path.image_id} is not FITS`);
    if (deps.behaviour === "transient") throw new TransientError("storage-unavailable", "Storage is down");
    return {
      result: { status: "done", image_id: path.image_id },
      log: "toy done",
      fields: { outcome: "done" },
    };
  },
});

const NOW = new Date("2024-03-15T06:00:00Z");

function deps(behaviour: Behaviour, lines: string[] = []): ToyDeps {
  return {
    db: firestoreFor(firebaseApp(TEST_PROJECT_ID)),
    publisher: createPublisher(new PubSub({ projectId: TEST_PROJECT_ID })),
    logger: createLogger({ service: "skeleton-test", write: (l) => lines.push(l) }),
    now: () => NOW,
    behaviour,
    marked: [],
    worked: [],
  };
}

/** A valid message for a fresh object (unique camera and generation, so dead letters never collide). */
function freshMessage(ext = "fits.fz"): ObjectMessage {
  const path: ObjectPath = parseObjectPath(
    `PAN001/${uniqueSuffix().slice(0, 6)}/20240315T060000/20240315T060130.${ext}`,
  );
  const generation = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return objectMessage(
    { bucket: "skeleton-tests", generation, size: 10, content_type: null, md5: null, time_created: null },
    path,
  );
}

const letterOf = async (d: ToyDeps, id: string) =>
  (await d.db.collection(COLLECTIONS.deadLetters).doc(id).get()).data();
const keyOf = (m: ObjectMessage) => `${m.bucket}/${m.bucket_path}#${m.generation}`;
const parsedLines = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("the Pub/Sub message skeleton (processObjectMessage) on the emulators", () => {
  beforeAll(() => requireEmulators("firestore", "pubsub"));

  it("hands a valid message and its checked path to work and logs work's line with the image labels", async () => {
    const lines: string[] = [];
    const d = deps("ok", lines);
    const message = freshMessage();
    expect(await toy(message, d)).toEqual({ status: "done", image_id: message.image_id });
    expect(d.worked).toEqual([message.bucket_path]);
    expect(parsedLines(lines)).toEqual([
      expect.objectContaining({
        severity: "INFO",
        message: "toy done",
        outcome: "done",
        "logging.googleapis.com/labels": expect.objectContaining({
          image_id: message.image_id,
          generation: message.generation,
        }),
      }),
    ]);
  });

  it("dead-letters a malformed body under a hash of it, acknowledges, and never calls work or markError", async () => {
    const lines: string[] = [];
    const d = deps("ok", lines);
    const body = { bucket_path: 42, nonce: uniqueSuffix() };
    const result = await toy(body, d);
    const key = createHash("sha256").update(JSON.stringify(body)).digest("hex");
    expect(result).toEqual({
      status: "error",
      code: "invalid-message",
      deadLetterId: deadLetterId(TOPIC, key),
    });
    expect(await letterOf(d, deadLetterId(TOPIC, key))).toMatchObject({
      topic: TOPIC,
      service: "skeleton-test",
      message: body,
      status: "pending",
      failures: 1,
      error: {
        code: "invalid-message",
        message: expect.stringMatching(/^skeleton-test message is malformed: .*bucket_path/),
      },
    });
    expect(d.worked).toEqual([]);
    expect(d.marked).toEqual([]);
    expect(parsedLines(lines)[0]).toMatchObject({ severity: "ERROR", code: "invalid-message" });
  });

  it.each([
    [
      "ids contradicting the path",
      (m: ObjectMessage) => ({ ...m, unit_id: "PAN999" }),
      "message-inconsistent",
    ],
    ["a path naming another kind of file", () => freshMessage("cr2"), "not-fits"],
    [
      "a path that does not parse",
      (m: ObjectMessage) => ({ ...m, bucket_path: "uploads/whatever.fits" }),
      "invalid-path",
    ],
  ])(
    "treats %s as permanent: dead letter, no mark (no valid path), acknowledged",
    async (_name, change, code) => {
      const d = deps("ok");
      const message = change(freshMessage());
      const result = await toy(message, d);
      expect(result).toEqual({ status: "error", code, deadLetterId: deadLetterId(TOPIC, keyOf(message)) });
      expect(await letterOf(d, deadLetterId(TOPIC, keyOf(message)))).toMatchObject({
        error: { code },
        message,
      });
      expect(d.worked).toEqual([]);
      expect(d.marked).toEqual([]);
    },
  );

  it("marks, dead-letters and acknowledges a permanent failure of work; a redelivery counts a second failure", async () => {
    const lines: string[] = [];
    const d = deps("permanent", lines);
    const message = freshMessage();
    const id = deadLetterId(TOPIC, keyOf(message));
    expect(await toy(message, d)).toEqual({ status: "error", code: "fits-not_fits", deadLetterId: id });
    expect(d.marked).toEqual([
      {
        image_id: message.image_id,
        error: {
          code: "fits-not_fits",
          message: `${message.image_id} is not FITS`,
          service: "skeleton-test",
          time: NOW,
        },
      },
    ]);
    expect(await letterOf(d, id)).toMatchObject({ failures: 1, failed_time: NOW.toISOString() });
    await toy(message, d);
    expect(await letterOf(d, id)).toMatchObject({ failures: 2 });
    expect(parsedLines(lines)[0]).toMatchObject({
      severity: "ERROR",
      message: `permanent failure: ${message.image_id} is not FITS`,
      code: "fits-not_fits",
      dead_letter_id: id,
    });
  });

  it("rethrows a transient failure of work, or of markError, without a dead letter", async () => {
    const lines: string[] = [];
    const d = deps("transient", lines);
    const message = freshMessage();
    await expect(toy(message, d)).rejects.toMatchObject({ code: "storage-unavailable" });
    expect(parsedLines(lines)[0]).toMatchObject({ severity: "WARNING" });
    const marking = { ...deps("permanent"), markFails: true };
    await expect(toy(message, marking)).rejects.toMatchObject({ code: "firestore-unavailable" });
    expect(await letterOf(d, deadLetterId(TOPIC, keyOf(message)))).toBeUndefined();
  });

  it("binds to a Cloud Functions CloudEvent: base64 JSON is handled, an undecodable body dead-lettered", async () => {
    const d = deps("ok");
    const message = freshMessage();
    const onEvent = cloudEventHandler(toy, () => d);
    await onEvent({ data: { message: { data: Buffer.from(JSON.stringify(message)).toString("base64") } } });
    expect(d.worked).toEqual([message.bucket_path]);
    const garbage = `not json ${uniqueSuffix()}`;
    await onEvent({ data: { message: { data: Buffer.from(garbage).toString("base64") } } });
    const key = createHash("sha256")
      .update(JSON.stringify({ undecodable: garbage }))
      .digest("hex");
    expect(await letterOf(d, deadLetterId(TOPIC, key))).toMatchObject({ error: { code: "invalid-message" } });
  });

  describe("bound to a Pub/Sub push endpoint (node:http)", () => {
    let server: http.Server;
    let url: string;
    let current: ToyDeps;
    beforeAll(async () => {
      server = http.createServer(pushEndpoint({ handle: toy, getDeps: () => current }));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    const push = (data: string) =>
      fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          message: { data, messageId: uniqueSuffix(), publishTime: NOW.toISOString(), attributes: {} },
          subscription: "projects/demo-panoptes/subscriptions/skeleton-tests",
        }),
      });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");

    it("answers 204 for a message done or permanently failed (acknowledged), 503 for a transient failure", async () => {
      current = deps("ok");
      const message = freshMessage();
      expect((await push(b64(message))).status).toBe(204);
      expect(current.worked).toEqual([message.bucket_path]);

      current = deps("permanent");
      const failing = freshMessage();
      expect((await push(b64(failing))).status).toBe(204);
      expect(await letterOf(current, deadLetterId(TOPIC, keyOf(failing)))).toMatchObject({
        status: "pending",
      });

      current = deps("transient");
      const res = await push(b64(freshMessage()));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: { code: "storage-unavailable", message: "Storage is down" },
      });
    });

    it("acknowledges a malformed message body after dead-lettering it", async () => {
      current = deps("ok");
      const body = { nonce: uniqueSuffix() };
      expect((await push(b64(body))).status).toBe(204);
      const key = createHash("sha256").update(JSON.stringify(body)).digest("hex");
      expect(await letterOf(current, deadLetterId(TOPIC, key))).toMatchObject({
        error: { code: "invalid-message" },
      });
    });
  });
});
