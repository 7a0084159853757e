import { ConfigError, pushAuthFrom, type PushAuth, pushEndpoint, TransientError } from "@panoptes/platform";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

const AUDIENCE = "https://solve-image.example.run.app/push";
const SIGNER = "pubsub-push@demo-panoptes.iam.gserviceaccount.com";
const keys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const KEY_ID = "test-key-1";

const b64url = (v: Buffer | string) => Buffer.from(v).toString("base64url");

/** An RS256 ID token like those Pub/Sub push attaches, signed with `privateKey`. */
function idToken(claims: Record<string, unknown>, privateKey = keys.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: KEY_ID }));
  const body = b64url(
    JSON.stringify({
      iss: "https://accounts.google.com",
      aud: AUDIENCE,
      sub: "1234567890",
      email: SIGNER,
      email_verified: true,
      iat: now,
      exp: now + 600,
      ...claims,
    }),
  );
  const signature = crypto.sign("RSA-SHA256", Buffer.from(`${head}.${body}`), privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

const AUTH: PushAuth = {
  audience: AUDIENCE,
  serviceAccountEmail: SIGNER,
  keys: async () => ({ [KEY_ID]: keys.publicKey.export({ type: "spki", format: "pem" }).toString() }),
};

const envelope = (data: unknown) => ({
  message: {
    data: Buffer.from(JSON.stringify(data)).toString("base64"),
    messageId: "m-1",
    publishTime: "2024-03-15T06:00:00Z",
    attributes: { image_id: "PAN001_14d3bd_20240315T060130" },
  },
  subscription: "projects/demo-panoptes/subscriptions/solve-image",
});

describe("pushEndpoint (Pub/Sub push over HTTP)", () => {
  const received: unknown[] = [];
  let fail: Error | null = null;
  const servers: http.Server[] = [];
  const start = async (auth?: PushAuth): Promise<string> => {
    const handler = pushEndpoint({
      handle: async (data) => {
        if (fail) throw fail;
        received.push(data);
      },
      getDeps: () => ({}),
      ...(auth ? { auth } : {}),
    });
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  };
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));
  beforeEach(() => {
    received.length = 0;
    fail = null;
  });

  const post = (url: string, body: unknown, token?: string) =>
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("decodes the envelope's base64 body for the handler and answers 204 (acknowledged)", async () => {
    const url = await start();
    const res = await post(url, envelope({ image_id: "PAN001_14d3bd_20240315T060130" }));
    expect(res.status).toBe(204);
    expect(received).toEqual([{ image_id: "PAN001_14d3bd_20240315T060130" }]);
  });

  it.each([
    ["a body that is not JSON", "{not json", 400, "invalid-json"],
    [
      "an envelope without a message id",
      { message: { data: "e30=" }, subscription: "s" },
      400,
      "invalid-envelope",
    ],
    [
      "an envelope without a subscription",
      { message: { data: "e30=", messageId: "1" } },
      400,
      "invalid-envelope",
    ],
  ])("answers %s with a 400 and a code, without calling the handler", async (_n, body, status, code) => {
    const url = await start();
    const res = await post(url, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(received).toEqual([]);
  });

  it("answers 405 to anything but POST", async () => {
    const url = await start();
    const res = await fetch(url);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("answers 503 when the handler rejects with a transient error and 500 for anything else (both redelivered)", async () => {
    const url = await start();
    fail = new TransientError("firestore-unavailable", "Firestore is down");
    const res = await post(url, envelope({}));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: "firestore-unavailable", message: "Firestore is down" },
    });
    fail = new Error("a bug");
    const bug = await post(url, envelope({}));
    expect(bug.status).toBe(500);
    expect(await bug.json()).toEqual({ error: { code: "internal", message: "the handler failed" } });
  });

  describe("with OIDC verification on", () => {
    it("accepts a token signed by the configured service account for the configured audience", async () => {
      const url = await start(AUTH);
      expect((await post(url, envelope({ n: 1 }), idToken({}))).status).toBe(204);
      expect(received).toEqual([{ n: 1 }]);
    });

    it.each([
      ["no token", undefined, 401],
      ["a token for another audience", idToken({ aud: "https://elsewhere.example" }), 401],
      ["an expired token", idToken({ iat: 1_600_000_000, exp: 1_600_000_600 }), 401],
      [
        "a token signed with another key",
        idToken({}, crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey),
        401,
      ],
      ["a token of another identity", idToken({ email: "someone@example.com" }), 403],
      ["a token whose email is not verified", idToken({ email_verified: false }), 403],
    ])(
      "refuses %s (401, or 403 for a wrong signer) without calling the handler",
      async (_n, token, status) => {
        const url = await start(AUTH);
        const res = await post(url, envelope({ n: 2 }), token);
        expect(res.status).toBe(status);
        expect(received).toEqual([]);
      },
    );
  });

  it("takes its authentication from settings: off for the emulators, an audience required when on", () => {
    expect(pushAuthFrom({ PUSH_AUTH: "off" })).toBeUndefined();
    expect(pushAuthFrom({ PUSH_AUTH: "on", PUSH_AUDIENCE: AUDIENCE, PUSH_SERVICE_ACCOUNT: SIGNER })).toEqual({
      audience: AUDIENCE,
      serviceAccountEmail: SIGNER,
    });
    expect(() => pushAuthFrom({ PUSH_AUTH: "on" })).toThrow(ConfigError);
  });
});
