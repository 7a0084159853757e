import {
  applyCors,
  handleJsonRequest,
  HttpError,
  type HttpRequest,
  type HttpResponse,
  requestParam,
} from "@panoptes/platform";

/** A response that records what the handler did (plain object: no Google API involved). */
function recorder() {
  const out = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown, ended: false };
  const res: HttpResponse = {
    status(code) {
      out.status = code;
      return res;
    },
    set(name, value) {
      out.headers[name.toLowerCase()] = value;
      return res;
    },
    json(body) {
      out.body = body;
    },
    end() {
      out.ended = true;
    },
  };
  return { res, out };
}
const request = (method: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method,
  headers: {},
  query: {},
  ...extra,
});

describe("applyCors", () => {
  it("allows only the listed origins", () => {
    const ok = recorder();
    applyCors(request("GET", { headers: { origin: "https://explorer.example" } }), ok.res, [
      "https://explorer.example",
    ]);
    expect(ok.out.headers["access-control-allow-origin"]).toBe("https://explorer.example");
    const denied = recorder();
    applyCors(request("GET", { headers: { origin: "https://evil.example" } }), denied.res, [
      "https://explorer.example",
    ]);
    expect(denied.out.headers["access-control-allow-origin"]).toBeUndefined();
  });
  it("answers a preflight with 204", () => {
    const r = recorder();
    expect(applyCors(request("OPTIONS"), r.res, [])).toBe(true);
    expect(r.out).toMatchObject({ status: 204, ended: true });
  });
});

describe("handleJsonRequest", () => {
  const options = { allowedOrigins: [], authenticate: async () => "uid-1" };

  it("wraps a result in success: true", async () => {
    const r = recorder();
    await handleJsonRequest(request("GET"), r.res, options, async (_req, uid) => ({ uid }));
    expect(r.out).toMatchObject({ status: 200, body: { success: true, uid: "uid-1" } });
  });
  it.each([
    ["PUT", 405, "method-not-allowed"],
    ["DELETE", 405, "method-not-allowed"],
  ])("answers %s with %i", async (method, status, code) => {
    const r = recorder();
    await handleJsonRequest(request(method), r.res, options, async () => ({}));
    expect(r.out).toMatchObject({ status, body: { success: false, error: { code } } });
    // 2020 clients read `msg`
    expect((r.out.body as { msg: string }).msg).toMatch(new RegExp(`^${method} is not allowed`));
  });
  it("answers 401 when authentication fails, without running the handler", async () => {
    const r = recorder();
    let ran = false;
    await handleJsonRequest(
      request("GET"),
      r.res,
      { ...options, authenticate: async () => Promise.reject(new HttpError(401, "unauthenticated", "no")) },
      async () => {
        ran = true;
        return {};
      },
    );
    expect(r.out.status).toBe(401);
    expect(ran).toBe(false);
  });
  it("maps classified errors and hides unexpected ones behind 500", async () => {
    const classified = recorder();
    await handleJsonRequest(
      request("GET"),
      classified.res,
      { ...options, classify: () => ({ status: 404, code: "not-found" }) },
      async () => {
        throw new Error("nothing here");
      },
    );
    expect(classified.out).toMatchObject({
      status: 404,
      body: { error: { code: "not-found", message: "nothing here" } },
    });
    const unexpected = recorder();
    await handleJsonRequest(request("GET"), unexpected.res, options, async () => {
      throw new Error("secret detail");
    });
    expect(unexpected.out).toMatchObject({ status: 500, body: { error: { code: "internal" } } });
    expect(JSON.stringify(unexpected.out.body)).not.toContain("secret detail");
  });
});

describe("requestParam", () => {
  it("reads GET query and POST JSON bodies", () => {
    expect(requestParam(request("GET", { query: { a: "1" } }), "a")).toBe("1");
    expect(requestParam(request("POST", { body: { a: "2" } }), "a")).toBe("2");
    expect(requestParam(request("POST", { body: '{"a":"3"}' }), "a")).toBe("3");
    expect(() => requestParam(request("POST", { body: "{nope" }), "a")).toThrow(/not valid JSON/);
  });
});
