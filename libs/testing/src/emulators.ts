import { randomBytes } from "node:crypto";
import path from "node:path";

const HOST_VARS = {
  firestore: "FIRESTORE_EMULATOR_HOST",
  pubsub: "PUBSUB_EMULATOR_HOST",
  storage: "STORAGE_EMULATOR_HOST",
  auth: "FIREBASE_AUTH_EMULATOR_HOST",
  functions: "FUNCTIONS_EMULATOR_HOST",
  hosting: "HOSTING_EMULATOR_HOST",
} as const;
export type EmulatorName = keyof typeof HOST_VARS;

/** The project id every test and local run uses: `demo-` keeps the SDKs away from real Google Cloud. */
export const TEST_PROJECT_ID = "demo-panoptes";

/**
 * Returns the host:port of each named emulator, or throws telling how to run the test with emulators
 * (`npm test` starts them). Tests that need emulators call this in beforeAll.
 */
export function requireEmulators(...names: EmulatorName[]): Record<EmulatorName, string> {
  const out = {} as Record<EmulatorName, string>;
  const missing: string[] = [];
  for (const n of names) {
    const v = process.env[HOST_VARS[n]];
    if (v) out[n] = v.replace(/^https?:\/\//, "");
    else missing.push(HOST_VARS[n]);
  }
  if (missing.length > 0) {
    throw new Error(
      `this test needs the ${names.join(", ")} emulator(s) but ${missing.join(", ")} is not set: ` +
        "run it through `npm test`, or `npm run emulators:exec -- 'npx jest <path>'`",
    );
  }
  if (process.env.GCLOUD_PROJECT && !process.env.GCLOUD_PROJECT.startsWith("demo-")) {
    throw new Error(
      `refusing to run against project ${process.env.GCLOUD_PROJECT}: tests use demo- projects only`,
    );
  }
  return out;
}

/** A short random suffix so tests sharing one emulator never touch each other's documents. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

/**
 * A unit id (PAN700..PAN999; the explorer's tests use PAN100..PAN699) no other test of this run uses, for tests that count per unit: reserved with an
 * atomic create in the Firestore emulator (`test_reservations`), so concurrent test files never share one.
 */
export async function uniqueUnitId(): Promise<string> {
  const { firestore } = requireEmulators("firestore");
  const base = `http://${firestore}/v1/projects/${process.env.GCLOUD_PROJECT ?? TEST_PROJECT_ID}/databases/(default)/documents/test_reservations`;
  const start = randomBytes(2).readUInt16BE() % 300;
  for (let k = 0; k < 300; k++) {
    const id = `PAN${700 + ((start + k) % 300)}`;
    // documentId + POST creates the document only if it does not exist (409 otherwise).
    const res = await fetch(`${base}?documentId=unit-${id}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer owner" },
      body: "{}",
    });
    if (res.ok) return id;
    if (res.status !== 409)
      throw new Error(`reserving a test unit id failed: ${res.status} ${await res.text()}`);
  }
  throw new Error("every test unit id PAN700..PAN999 is taken in this emulator run");
}

/** Polls `probe` until it returns a non-undefined value or `timeoutMs` passes. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 15000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** Repository root (the folder with the root package.json). */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

/** An ID token of a new anonymous user of the Auth emulator (for calling authenticated functions). */
export async function emulatorIdToken(): Promise<string> {
  const { auth } = requireEmulators("auth");
  const res = await fetch(`http://${auth}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-key`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ returnSecureToken: true }),
  });
  if (!res.ok) throw new Error(`Auth emulator signUp failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { idToken: string }).idToken;
}

/** The URL of an HTTP function in the Functions emulator. */
export function functionUrl(entryPoint: string, region = "us-central1"): string {
  const { functions } = requireEmulators("functions");
  return `http://${functions}/${TEST_PROJECT_ID}/${region}/${entryPoint}`;
}
