import type { Storage } from "@google-cloud/storage";
import http from "node:http";
import https from "node:https";

/** HTTP statuses worth another try: the same request may succeed. */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const ATTEMPTS = 3;
const TIMEOUT_MS = 30000;

// Keep-alive connections, shared by every ranged read of the process.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** An HTTP failure with its status as `code` (what the storage error mapping reads). */
function httpError(status: number, body: string): Error {
  return Object.assign(new Error(`HTTP ${status}: ${body.slice(0, 300)}`), { code: status });
}

function getOnce(url: URL, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      { agent: agents[url.protocol as keyof typeof agents], headers, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () =>
      req.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" })),
    );
    req.on("error", reject);
  });
}

/**
 * Bytes [start, end) of an object: one media GET with a Range header, on the JSON API URL and with the
 * credentials @google-cloud/storage itself would use (its endpoint, so STORAGE_EMULATOR_HOST locally), over
 * keep-alive node:http instead of the client's stream stack. Measured against the Storage emulator: 4,100
 * reads/s at 0.17 ms of CPU each, against the client's ~950/s (README, "Ingest"). Network failures and
 * 408/429/5xx answers are tried 3 times with backoff; other statuses throw an Error whose `code` is the status.
 */
export async function rangedGet(
  storage: Storage,
  object: { bucket: string; path: string; generation?: string },
  start: number,
  end: number,
): Promise<Buffer> {
  const url = new URL(
    `${storage.baseUrl}/b/${encodeURIComponent(object.bucket)}/o/${encodeURIComponent(object.path)}`,
  );
  url.searchParams.set("alt", "media");
  if (object.generation) url.searchParams.set("generation", object.generation);
  const headers: Record<string, string> = { Range: `bytes=${start}-${end - 1}` };
  if (!storage.customEndpoint || storage.useAuthWithCustomEndpoint) {
    new Headers(
      (await storage.authClient.getRequestHeaders()) as ConstructorParameters<typeof Headers>[0],
    ).forEach((value, key) => (headers[key] = value));
  }
  for (let attempt = 1; ; attempt++) {
    const backoff = () => new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    let res: { status: number; body: Buffer };
    try {
      res = await getOnce(url, headers);
    } catch (err) {
      if (attempt >= ATTEMPTS) throw err;
      await backoff();
      continue;
    }
    // A server that ignores Range answers 200 with the whole object.
    if (res.status === 206) return res.body;
    if (res.status === 200) return res.body.subarray(start, end);
    if (RETRY_STATUS.has(res.status) && attempt < ATTEMPTS) {
      await backoff();
      continue;
    }
    throw httpError(res.status, res.body.toString("utf8"));
  }
}
