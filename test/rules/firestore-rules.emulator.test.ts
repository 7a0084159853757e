import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import { CLIENT_READABLE_COLLECTIONS, COLLECTIONS } from "@panoptes/models";
import { REPO_ROOT, requireEmulators, TEST_PROJECT_ID, uniqueSuffix } from "@panoptes/testing";
import { doc, getDoc, setDoc, deleteDoc, updateDoc } from "firebase/firestore";
import fs from "node:fs";
import path from "node:path";

// Derived from libs/models: a collection added there is covered here without editing this test.
const PUBLIC: string[] = [...CLIENT_READABLE_COLLECTIONS];
const PRIVATE: string[] = Object.values(COLLECTIONS).filter((c) => !PUBLIC.includes(c));

describe("firestore.rules", () => {
  let env: RulesTestEnvironment;
  const id = `rules-${uniqueSuffix()}`;

  beforeAll(async () => {
    const { firestore } = requireEmulators("firestore");
    const [host, port] = firestore.split(":");
    env = await initializeTestEnvironment({
      projectId: TEST_PROJECT_ID,
      firestore: {
        host,
        port: Number(port),
        rules: fs.readFileSync(path.join(REPO_ROOT, "firestore.rules"), "utf8"),
      },
    });
    await env.withSecurityRulesDisabled(async (ctx) => {
      for (const c of [...PUBLIC, ...PRIVATE]) await setDoc(doc(ctx.firestore(), c, id), { seeded: true });
    });
  });
  afterAll(async () => env?.cleanup());

  it.each(PUBLIC)("denies an anonymous (signed-out) read of %s", async (c) => {
    await assertFails(getDoc(doc(env.unauthenticatedContext().firestore(), c, id)));
  });

  it.each(PUBLIC)("allows a signed-in read of %s", async (c) => {
    const snap = await assertSucceeds(getDoc(doc(env.authenticatedContext("alice").firestore(), c, id)));
    expect(snap.data()).toEqual({ seeded: true });
  });

  it.each(PRIVATE)("denies even a signed-in read of pipeline collection %s", async (c) => {
    await assertFails(getDoc(doc(env.authenticatedContext("alice").firestore(), c, id)));
  });

  it.each([...PUBLIC, ...PRIVATE])("denies every client write to %s", async (c) => {
    const db = env.authenticatedContext("alice", { admin: true }).firestore();
    await assertFails(setDoc(doc(db, c, `new-${id}`), { x: 1 }));
    await assertFails(updateDoc(doc(db, c, id), { x: 1 }));
    await assertFails(deleteDoc(doc(db, c, id)));
    await assertFails(setDoc(doc(env.unauthenticatedContext().firestore(), c, `anon-${id}`), { x: 1 }));
  });
});
