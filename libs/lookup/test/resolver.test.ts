import {
  createMemoryCache,
  createResolver,
  createSesameClient,
  isLookupError,
  loadCatalog,
  LOOKUP_ERROR_HTTP_STATUS,
  LookupError,
  MAX_SEARCH_STRING_LENGTH,
  sesameCacheKey,
  SesameUnavailableError,
  type CatalogIndex,
  type NetworkFields,
  type Resolution,
  type ResolutionCache,
  type SesameClient,
  type SesameResult,
} from "@panoptes/lookup";
import { XML_NOTHING, XML_VEGA } from "./sesame-answers";
import { startSesameServer, type SesameServer } from "./sesame-server";

let catalog: CatalogIndex;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** A network-fields stand-in over a fixed list, recording its calls. */
function fakeNetwork(fields: Record<string, { name: string; ra: number; dec: number }>): NetworkFields & {
  calls: [string, string][];
} {
  const calls: [string, string][] = [];
  return {
    calls,
    async findByFieldName(normalizedName, rawName) {
      calls.push([normalizedName, rawName]);
      return fields[normalizedName] ?? null;
    },
  };
}

/** A Sesame stand-in answering from a list, recording its calls. */
function fakeSesame(answer: (name: string) => SesameResult): SesameClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async resolve(name) {
      calls.push(name);
      return answer(name);
    },
  };
}

/** A name the offline catalogue does not know. */
const KEPLER16_HIT: SesameResult = {
  found: true,
  mirror: "https://cds.unistra.fr/cgi-bin/nph-sesame",
  hit: { ra: 289.07570833, dec: 51.75736111, resolver: "Simbad", name: "Kepler-16", aliases: ["KOI-1611"] },
};

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => {
      throw new Error("expected a LookupError, the lookup succeeded");
    },
    (e: unknown) => e,
  );
  if (!isLookupError(error)) throw error;
  return { code: error.code, message: error.message };
}

describe("createResolver: resolution order", () => {
  it("1. reads typed coordinates before asking anyone", async () => {
    const network = fakeNetwork({});
    const sesame = fakeSesame(() => KEPLER16_HIT);
    const resolve = createResolver({ catalog, networkFields: network, sesame });
    expect(await resolve(" 05:35:16.8 -05:23:15 ")).toEqual({
      ra: expect.closeTo(83.82, 9),
      dec: expect.closeTo(-5.3875, 9),
      search_string: "05:35:16.8 -05:23:15",
      name: "05:35:16.80 -05:23:15.0",
      source: "coordinates",
    });
    expect(network.calls).toEqual([]);
    expect(sesame.calls).toEqual([]);
  });

  it("1. rejects coordinates that break a rule with invalid-coordinates, without falling through", async () => {
    const sesame = fakeSesame(() => KEPLER16_HIT);
    const resolve = createResolver({ catalog, sesame });
    expect(await codeOf(resolve("25:00:00 +10:00:00"))).toEqual({
      code: "invalid-coordinates",
      message: expect.stringMatching(/beyond 24/),
    });
    expect(sesame.calls).toEqual([]);
  });

  it.each([
    ["Vega", "Vega", "catalog:stars", 279.2347, 38.7837],
    ["HD 172167", "HD 172167", "catalog:stars", 279.2347, 38.7837],
    ["Alpha Cygni", "alf Cyg", "catalog:stars", 310.358, 45.2803],
    ["M 42", "M 42", "catalog:dsos", 83.8221, -5.3911],
    ["NGC7000", "NGC 7000", "catalog:dsos", 314.696, 44.33],
    ["M 40", "M 40", "catalog:messier", 185.5999, 58.0833],
  ])(
    "2. answers %j from the offline catalogue before the network and Sesame",
    async (query, name, source, ra, dec) => {
      const network = fakeNetwork({});
      const sesame = fakeSesame(() => KEPLER16_HIT);
      const resolve = createResolver({ catalog, networkFields: network, sesame });
      expect(await resolve(query)).toMatchObject({ ra, dec, name, source, search_string: query });
      expect(network.calls).toEqual([]);
      expect(sesame.calls).toEqual([]);
    },
  );

  it("2. lists the other designations of a catalogue object as aliases", async () => {
    const resolve = createResolver({ catalog });
    expect((await resolve("M 31")).aliases).toEqual(["NGC 224", "Andromeda Galaxy"]);
  });

  it.each([
    ["Wasp 35", "wasp35"],
    ["WASP-35", "wasp35"],
    ["KIC 8462852", "kic8462852"],
    ["TESS_SEC17_CAM02", "tesssec17cam02"],
  ])("3. answers the PANOPTES field %j from the network's observations (key %j)", async (query, key) => {
    const network = fakeNetwork({
      wasp35: { name: "Wasp 35", ra: 77.5, dec: -6.23 },
      kic8462852: { name: "KIC 8462852", ra: 301.5644, dec: 44.4568 },
      tesssec17cam02: { name: "TESS_SEC17_CAM02", ra: -10, dec: 60 },
    });
    const sesame = fakeSesame(() => KEPLER16_HIT);
    const resolve = createResolver({ catalog, networkFields: network, sesame });
    const resolution = await resolve(query);
    expect(resolution).toMatchObject({ source: "network", search_string: query });
    expect(resolution.ra).toBeGreaterThanOrEqual(0);
    expect(resolution.ra).toBeLessThan(360);
    expect(network.calls).toEqual([[key, query]]);
    expect(sesame.calls).toEqual([]);
  });

  it("3. wraps a stored negative RA into [0, 360)", async () => {
    const network = fakeNetwork({ tesssec17cam02: { name: "TESS_SEC17_CAM02", ra: -10, dec: 60 } });
    const resolve = createResolver({ catalog, networkFields: network });
    expect(await resolve("tess sec17 cam02")).toMatchObject({ ra: 350, dec: 60, name: "TESS_SEC17_CAM02" });
  });

  it("4. asks Sesame last, reports the resolver that answered and caches the answer", async () => {
    const network = fakeNetwork({});
    const sesame = fakeSesame(() => KEPLER16_HIT);
    const cache = createMemoryCache();
    const resolve = createResolver({ catalog, networkFields: network, sesame, cache });
    const expected: Resolution = {
      ra: 289.07570833,
      dec: 51.75736111,
      search_string: "Kepler-16",
      name: "Kepler-16",
      source: "sesame:Simbad",
      aliases: ["KOI-1611"],
    };
    expect(await resolve("Kepler-16")).toEqual(expected);
    expect(await cache.get(sesameCacheKey(" KEPLER-16 "))).toEqual(expected);
    expect(await resolve("kepler-16")).toEqual({ ...expected, search_string: "kepler-16" });
    expect(sesame.calls).toEqual(["Kepler-16"]);
    expect(network.calls).toHaveLength(2);
  });

  it("4. goes on without the cache when the cache fails, and says so", async () => {
    const failures: string[] = [];
    const broken: ResolutionCache = {
      get: async () => {
        throw new Error("firestore down");
      },
      set: async () => {
        throw new Error("firestore down");
      },
    };
    const sesame = fakeSesame(() => KEPLER16_HIT);
    const resolve = createResolver({
      catalog,
      sesame,
      cache: broken,
      onCacheError: (error, operation) => failures.push(`${operation}: ${(error as Error).message}`),
    });
    expect(await resolve("Kepler-16")).toMatchObject({ source: "sesame:Simbad" });
    expect(failures).toEqual(["get: firestore down", "set: firestore down"]);
  });
});

describe("createResolver: errors", () => {
  it.each([
    [undefined, /got undefined/],
    [null, /got null/],
    [42, /got number/],
    ["", /empty/],
    ["   ", /empty/],
    ["x".repeat(MAX_SEARCH_STRING_LENGTH + 1), /257 characters long; at most 256/],
    ["Vega\nM31", /control characters/],
  ])("rejects the search string %j with invalid-search-string", async (input, message) => {
    const resolve = createResolver({ catalog });
    expect(await codeOf(resolve(input))).toEqual({
      code: "invalid-search-string",
      message: expect.stringMatching(message),
    });
  });

  it("accepts a search string of exactly 256 characters", async () => {
    const resolve = createResolver({ catalog });
    expect(await codeOf(resolve("x".repeat(MAX_SEARCH_STRING_LENGTH)))).toMatchObject({ code: "not-found" });
  });

  it("offline: not-found says which resolvers were tried and that Sesame was not", async () => {
    const resolve = createResolver({ catalog, networkFields: fakeNetwork({}) });
    expect(await codeOf(resolve("Zorblax"))).toEqual({
      code: "not-found",
      message:
        'no object named "Zorblax": tried coordinates, catalog, network; not tried: sesame (offline mode)',
    });
  });

  it("online: not-found lists every resolver tried, Sesame included", async () => {
    const sesame = fakeSesame(() => ({ found: false, detail: "*** Nothing found ***" }));
    const resolve = createResolver({ catalog, networkFields: fakeNetwork({}), sesame });
    expect(await codeOf(resolve("Zorblax"))).toEqual({
      code: "not-found",
      message: 'no object named "Zorblax": tried coordinates, catalog, network, sesame',
    });
  });

  it("resolver-unavailable when every Sesame mirror failed and nothing else matched", async () => {
    const sesame: SesameClient = {
      resolve: async () => {
        throw new SesameUnavailableError(["https://a: HTTP 503", "http://b: no answer within 3000 ms"]);
      },
    };
    const resolve = createResolver({ catalog, sesame });
    expect(await codeOf(resolve("Kepler-16"))).toEqual({
      code: "resolver-unavailable",
      message: expect.stringMatching(
        /Sesame name resolver is unavailable \(https:\/\/a: HTTP 503; http:\/\/b: no answer within 3000 ms\)/,
      ),
    });
  });

  it("maps every error code to an HTTP status", () => {
    expect(LOOKUP_ERROR_HTTP_STATUS).toEqual({
      "invalid-search-string": 400,
      "invalid-coordinates": 400,
      "not-found": 404,
      "resolver-unavailable": 503,
      "catalog-unavailable": 500,
    });
    expect(new LookupError("not-found", "x")).toBeInstanceOf(Error);
  });
});

describe("createResolver with the real Sesame client and a local replay server", () => {
  let server: SesameServer;
  beforeAll(async () => {
    server = await startSesameServer({
      vega: { kind: "answer", body: XML_VEGA, contentType: "text/xml" },
      nothing: { kind: "answer", body: XML_NOTHING, contentType: "text/xml" },
      slow: { kind: "slow", delayMs: 5000, body: XML_VEGA },
      failing: { kind: "status", status: 500 },
    });
  });
  afterAll(async () => server.close());
  const mirror = (prefix: string): string => `${server.base}/${prefix}/cgi-bin/nph-sesame`;

  it("resolves through the second mirror when the first is slow, then serves the cache", async () => {
    const cache = createMemoryCache();
    const sesame = createSesameClient({ mirrors: [mirror("slow"), mirror("vega")], timeoutMs: 150 });
    const resolve = createResolver({ catalog, sesame, cache });
    const first = await resolve("a name only Sesame knows");
    expect(first).toMatchObject({
      ra: 279.23473479,
      dec: 38.78368896,
      name: "* alf Lyr",
      source: "sesame:Simbad",
    });
    const requests = server.requests.length;
    expect(await resolve("A name only Sesame knows")).toMatchObject({ name: "* alf Lyr" });
    expect(server.requests.length).toBe(requests);
  });

  it("not-found when Sesame answers nothing found", async () => {
    const resolve = createResolver({ catalog, sesame: createSesameClient({ mirrors: [mirror("nothing")] }) });
    expect(await codeOf(resolve("Zorblax"))).toMatchObject({ code: "not-found" });
  });

  it("resolver-unavailable when both mirrors fail", async () => {
    const sesame = createSesameClient({ mirrors: [mirror("failing"), mirror("slow")], timeoutMs: 150 });
    const resolve = createResolver({ catalog, sesame });
    expect(await codeOf(resolve("Zorblax"))).toMatchObject({
      code: "resolver-unavailable",
      message: expect.stringContaining("HTTP 500"),
    });
  });

  it("still answers catalogue names when Sesame is down", async () => {
    const sesame = createSesameClient({ mirrors: [mirror("failing")] });
    const resolve = createResolver({ catalog, sesame });
    expect(await resolve("Betelgeuse")).toMatchObject({ source: "catalog:stars" });
  });
});

describe("createMemoryCache", () => {
  const entry = (name: string): Resolution => ({
    ra: 1,
    dec: 2,
    search_string: name,
    name,
    source: "sesame:Simbad",
  });

  it("drops the least recently used entry beyond maxEntries", async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set("a", entry("a"));
    await cache.set("b", entry("b"));
    await cache.get("a");
    await cache.set("c", entry("c"));
    expect(await cache.get("b")).toBeNull();
    expect(await cache.get("a")).toEqual(entry("a"));
    expect(cache.size()).toBe(2);
  });

  it("expires entries after ttlMs on the given clock", async () => {
    let now = 1000;
    const cache = createMemoryCache({ ttlMs: 500, now: () => now });
    await cache.set("a", entry("a"));
    now = 1499;
    expect(await cache.get("a")).toEqual(entry("a"));
    now = 1500;
    expect(await cache.get("a")).toBeNull();
  });

  it("returns copies, so callers cannot change what is stored", async () => {
    const cache = createMemoryCache();
    await cache.set("a", entry("a"));
    await cache.set("b", { ...entry("b"), aliases: ["B1"] });
    const got = await cache.get("a");
    if (got) got.name = "changed";
    (await cache.get("b"))?.aliases?.push("changed");
    expect((await cache.get("a"))?.name).toBe("a");
    expect((await cache.get("b"))?.aliases).toEqual(["B1"]);
  });
});
