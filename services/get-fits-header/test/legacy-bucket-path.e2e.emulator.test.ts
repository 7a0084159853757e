import { Storage } from "@google-cloud/storage";
import { demoDataset, makePanoptesFits, specPath } from "@panoptes/demo";
import {
  emulatorIdToken,
  functionUrl,
  requireEmulators,
  TEST_PROJECT_ID,
  uniqueSuffix,
} from "@panoptes/testing";

// The 2020 network's callers sent an image's `public_url` or a gs:// URL as bucket_path; they read `msg`.
// The RGB bucket (also allowed): an upload to the raw bucket would set off the pipeline.
const BUCKET = "panoptes-rgb-images";
const spec = { ...demoDataset(1)[0]!, unit_id: "PAN001", field: `Legacy ${uniqueSuffix()}` };
const objectPath = `legacy-header-tests/${uniqueSuffix()}/${specPath(spec)}`;
let token: string;

async function header(init: { query?: string; body?: Record<string, string> }) {
  const res = await fetch(`${functionUrl("getFitsHeader")}${init.query ?? ""}`, {
    method: init.body ? "POST" : "GET",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("get-fits-header accepts the 2020 bucket_path forms", () => {
  beforeAll(async () => {
    requireEmulators("functions", "auth", "storage");
    token = await emulatorIdToken();
    await new Storage({ projectId: TEST_PROJECT_ID })
      .bucket(BUCKET)
      .file(objectPath)
      .save(Buffer.from(makePanoptesFits(spec)));
  });

  it.each([
    ["an object path (with bucket_name)", objectPath, { bucket_name: BUCKET }],
    [
      "a public https URL (an image's public_url)",
      `https://storage.googleapis.com/${BUCKET}/${objectPath}`,
      {},
    ],
    ["a gs:// URL", `gs://${BUCKET}/${objectPath}`, {}],
  ])(
    "reads the same header for %s (GET and POST)",
    async (_what, bucketPath, extra: Record<string, string>) => {
      const query = new URLSearchParams({ bucket_path: bucketPath, ...extra });
      const viaGet = await header({ query: `?${query}` });
      expect(viaGet.status).toBe(200);
      expect(viaGet.body).toMatchObject({ success: true, hdu: 0 });
      expect((viaGet.body.header as Record<string, unknown>).FIELD).toBe(spec.field);
      const viaPost = await header({ body: { bucket_path: bucketPath, ...extra } });
      expect(viaPost.status).toBe(200);
      expect(viaPost.body.cards).toEqual(viaGet.body.cards);
    },
  );

  it("decodes a percent-encoded public URL", async () => {
    const encoded = objectPath.replace(/T/, "%54");
    const r = await header({ body: { bucket_path: `https://storage.googleapis.com/${BUCKET}/${encoded}` } });
    expect(r.status).toBe(200);
  });

  it.each([
    [
      "an https URL of a foreign bucket",
      `https://storage.googleapis.com/someone-elses-bucket/${objectPath}`,
      403,
      "bucket-not-allowed",
    ],
    ["a gs:// URL of a foreign bucket", `gs://someone-elses-bucket/${objectPath}`, 403, "bucket-not-allowed"],
    ["a URL with no object", `https://storage.googleapis.com/${BUCKET}/`, 400, "invalid-request"],
    ["a URL of a missing object", `gs://${BUCKET}/${objectPath}.missing`, 404, "object-not-found"],
  ])("answers %s with %i and a msg", async (_what, bucketPath, status, code) => {
    const r = await header({ body: { bucket_path: bucketPath } });
    expect(r.status).toBe(status);
    const error = r.body.error as { code: string; message: string };
    expect(r.body).toMatchObject({ success: false, error: { code } });
    expect(r.body.msg).toBe(error.message);
  });

  it("rejects a bucket_name that contradicts the URL's bucket", async () => {
    const r = await header({
      body: { bucket_path: `gs://${BUCKET}/${objectPath}`, bucket_name: "panoptes-raw-images" },
    });
    expect(r.status).toBe(400);
    expect(r.body.msg).toMatch(/contradicts/);
  });
});
