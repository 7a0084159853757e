import {
  createSesameClient,
  DEFAULT_SESAME_MIRRORS,
  DEFAULT_SESAME_TIMEOUT_MS,
  sesameUrl,
  SesameUnavailableError,
} from "@panoptes/lookup";
import { TEXT_NGC3642, TEXT_NOTHING, XML_NOTHING, XML_VEGA } from "./sesame-answers";
import { refusedBase, startSesameServer, type SesameServer } from "./sesame-server";

let server: SesameServer;
beforeAll(async () => {
  server = await startSesameServer({
    vega: { kind: "answer", body: XML_VEGA, contentType: "text/xml" },
    ngc: { kind: "answer", body: TEXT_NGC3642 },
    nothing: { kind: "answer", body: XML_NOTHING, contentType: "text/xml" },
    nothingText: { kind: "answer", body: TEXT_NOTHING },
    slow: { kind: "slow", delayMs: 5000, body: XML_VEGA },
    failing: { kind: "status", status: 503, body: "Service Unavailable" },
    html: { kind: "answer", body: "<html><body>maintenance</body></html>", contentType: "text/html" },
  });
});
afterAll(async () => server.close());
beforeEach(() => server.requests.splice(0));

const mirror = (prefix: string): string => `${server.base}/${prefix}/cgi-bin/nph-sesame`;

describe("sesameUrl", () => {
  it.each([
    ["xml", "SNV", "Vega", "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxpI/SNV?Vega"],
    ["text", "A", "NGC 3642", "https://cds.unistra.fr/cgi-bin/nph-sesame/-oI/A?NGC%203642"],
    ["xml", "S", "BD+20 307", "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxpI/S?BD%2B20%20307"],
  ] as const)("builds the documented %s URL for %s resolvers", (format, resolvers, name, url) => {
    expect(sesameUrl(DEFAULT_SESAME_MIRRORS[0], name, format, resolvers)).toBe(url);
  });

  it("defaults to the CDS primary, then the Harvard mirror, with a 3 s timeout", () => {
    expect(DEFAULT_SESAME_MIRRORS).toEqual([
      "https://cds.unistra.fr/cgi-bin/nph-sesame",
      "http://vizier.cfa.harvard.edu/viz-bin/nph-sesame",
    ]);
    expect(DEFAULT_SESAME_TIMEOUT_MS).toBe(3000);
  });
});

describe("createSesameClient against a local Sesame replay", () => {
  it("asks the XML form and returns the first resolver's hit", async () => {
    const client = createSesameClient({ mirrors: [mirror("vega")] });
    const result = await client.resolve("Vega");
    expect(result).toMatchObject({
      found: true,
      mirror: mirror("vega"),
      hit: { ra: 279.23473479, dec: 38.78368896, resolver: "Simbad", name: "* alf Lyr" },
    });
    expect(server.requests).toEqual(["/vega/cgi-bin/nph-sesame/-oxpI/SNV?Vega"]);
  });

  it("asks the text form when configured and parses %J lines", async () => {
    const client = createSesameClient({ mirrors: [mirror("ngc")], format: "text", resolvers: "A" });
    const result = await client.resolve("NGC 3642");
    expect(result).toMatchObject({
      found: true,
      hit: { ra: 170.5750583, dec: 59.0742417, name: "NGC 3642" },
    });
    expect(server.requests).toEqual(["/ngc/cgi-bin/nph-sesame/-oI/A?NGC%203642"]);
  });

  it.each(["nothing", "nothingText"])(
    "reports a definite nothing-found (%s) without asking the next mirror",
    async (p) => {
      const client = createSesameClient({ mirrors: [mirror(p), mirror("vega")] });
      expect(await client.resolve("Zorblax")).toEqual({ found: false, detail: "*** Nothing found ***" });
      expect(server.requests).toHaveLength(1);
    },
  );

  it("falls back to the second mirror when the first is too slow", async () => {
    const client = createSesameClient({ mirrors: [mirror("slow"), mirror("vega")], timeoutMs: 200 });
    const started = Date.now();
    const result = await client.resolve("Vega");
    expect(result).toMatchObject({ found: true, mirror: mirror("vega") });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(server.requests.map((r) => r.split("/")[1])).toEqual(["slow", "vega"]);
  });

  it.each([
    ["answers HTTP 503", "failing"],
    ["answers an HTML page", "html"],
  ])("falls back to the second mirror when the first %s", async (_, prefix) => {
    const client = createSesameClient({ mirrors: [mirror(prefix), mirror("vega")] });
    expect(await client.resolve("Vega")).toMatchObject({ found: true, mirror: mirror("vega") });
  });

  it("falls back when the first mirror refuses the connection", async () => {
    const refused = await refusedBase();
    const client = createSesameClient({ mirrors: [`${refused}/cgi-bin/nph-sesame`, mirror("vega")] });
    expect(await client.resolve("Vega")).toMatchObject({ found: true, mirror: mirror("vega") });
  });

  it("throws SesameUnavailableError naming each mirror's failure when all fail", async () => {
    const client = createSesameClient({ mirrors: [mirror("failing"), mirror("slow")], timeoutMs: 200 });
    const error = await client.resolve("Vega").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SesameUnavailableError);
    expect((error as SesameUnavailableError).failures).toEqual([
      `${mirror("failing")}: HTTP 503`,
      `${mirror("slow")}: no answer within 200 ms`,
    ]);
  });

  it("refuses to be built without a mirror", () => {
    expect(() => createSesameClient({ mirrors: [] })).toThrow(/at least one mirror/);
  });
});
