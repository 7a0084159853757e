import { COLLECTIONS, normalizeFieldName } from "@panoptes/models";
import { firebaseApp, firestoreFor } from "@panoptes/platform";
import {
  emulatorIdToken,
  functionUrl,
  requireEmulators,
  TEST_PROJECT_ID,
  uniqueSuffix,
} from "@panoptes/testing";

let token: string;
const call = (query: string, init: RequestInit = {}) =>
  fetch(`${functionUrl("lookupField")}${query}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...init.headers },
  });

describe("lookup-field in the Functions emulator", () => {
  beforeAll(async () => {
    requireEmulators("functions", "auth", "firestore");
    token = await emulatorIdToken();
  });

  it.each([
    ["Vega", 279.2347, 38.7837, "catalog:stars"],
    ["alf Cyg", 310.358, 45.2803, "catalog:stars"],
    ["M 42", 83.82, -5.39, "catalog"],
    ["05:35:16.8 -05:23:15", 83.82, -5.3875, "coordinates"],
  ])("resolves %s", async (name, ra, dec, source) => {
    const res = await call(`?search_string=${encodeURIComponent(name)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      success: true,
      search_string: name,
      source: expect.stringContaining(source),
    });
    expect(body.ra as number).toBeCloseTo(ra, 1);
    expect(body.dec as number).toBeCloseTo(dec, 1);
  });

  it("accepts POST with a JSON body", async () => {
    const res = await call("", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ search_string: "83.82 -5.39" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      success: true,
      ra: 83.82,
      dec: -5.39,
      search_string: "83.82 -5.39",
      source: "coordinates",
    });
  });

  it("finds a PANOPTES field name in the network's observations", async () => {
    const field = `Zeta Test ${uniqueSuffix()}`;
    await firestoreFor(firebaseApp(TEST_PROJECT_ID))
      .collection(COLLECTIONS.observations)
      .doc(`PAN001_abcdef_20240101T00${String(Math.floor(Math.random() * 6000)).padStart(4, "0")}`)
      .set({ field_name: field, field_name_key: normalizeFieldName(field), ra: 12.5, dec: -30.25 });
    const res = await call(`?search_string=${encodeURIComponent(field.toUpperCase().replace(/ /g, "_"))}`);
    expect(await res.json()).toMatchObject({
      success: true,
      ra: 12.5,
      dec: -30.25,
      source: "network",
      name: field,
    });
  });

  it("finds a field name whose coordinates the 2020 network stored as strings", async () => {
    const field = `Legacy Field ${uniqueSuffix()}`;
    await firestoreFor(firebaseApp(TEST_PROJECT_ID))
      .collection(COLLECTIONS.observations)
      .doc(`PAN001_abcdef_20200101T00${String(Math.floor(Math.random() * 6000)).padStart(4, "0")}`)
      .set({ field_name: field, field_name_key: normalizeFieldName(field), ra: "12.5", dec: "-30.25" });
    const res = await call(`?search_string=${encodeURIComponent(field)}`);
    expect(await res.json()).toMatchObject({ success: true, ra: 12.5, dec: -30.25, source: "network" });
  });

  it.each([
    ["", 400, "invalid-search-string"],
    ["?search_string=", 400, "invalid-search-string"],
    [`?search_string=${"x".repeat(300)}`, 400, "invalid-search-string"],
    ["?search_string=99:00:00%20%2B10:00:00", 400, "invalid-coordinates"],
    ["?search_string=Nothing%20Like%20This%20Object%20xyz", 404, "not-found"],
  ])("answers %s with %i %s", async (query, status, code) => {
    const res = await call(query);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { msg: string; error: { message: string } };
    expect(body).toMatchObject({ success: false, error: { code } });
    // the 2020 network's clients print `msg`
    expect(body.msg).toBe(body.error.message);
  });

  it("says which resolvers were tried when nothing matches offline", async () => {
    const body = (await (await call("?search_string=Nothing%20Like%20This")).json()) as {
      error: { message: string };
    };
    expect(body.error.message).toMatch(/tried coordinates, catalog, network; not tried: sesame/i);
  });

  it("rejects a caller without a valid ID token", async () => {
    for (const headers of [{}, { Authorization: "Bearer not-a-token" }] as Array<Record<string, string>>) {
      const res = await fetch(`${functionUrl("lookupField")}?search_string=Vega`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ success: false, error: { code: "unauthenticated" } });
    }
  });

  it("rejects other methods with 405 and answers CORS preflights", async () => {
    expect((await call("?search_string=Vega", { method: "DELETE" })).status).toBe(405);
    const pre = await fetch(functionUrl("lookupField"), {
      method: "OPTIONS",
      headers: { Origin: "http://127.0.0.1:5000" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5000");
    // (The Functions emulator adds CORS headers of its own for any origin, so the allow-list itself is
    // tested on applyCors in libs/platform.)
  });
});
