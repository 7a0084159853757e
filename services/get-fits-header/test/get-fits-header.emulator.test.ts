import { Storage } from "@google-cloud/storage";
import {
  emulatorIdToken,
  functionUrl,
  requireEmulators,
  GENERATED_SIZE,
  GENERATED_TRUTH,
  generatedFixtures,
  sharedExists,
  sharedPath,
  testShared,
  TEST_PROJECT_ID,
  uniqueSuffix,
} from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";

const RGB = "panoptes-rgb-images";
const REAL_SOLVED = ["fixtures", "fits", "solved.fits.fz"];
const generatedSolved = () => path.join(generatedFixtures().dir, "solved.fits.fz");
let token: string;
const prefix = `header-tests/${uniqueSuffix()}`;
const get = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${functionUrl("getFitsHeader")}${query}`, {
    headers: { Authorization: `Bearer ${token}`, ...headers },
  });
const put = (name: string, bytes: Buffer) =>
  new Storage({ projectId: TEST_PROJECT_ID })
    .bucket(RGB)
    .file(`${prefix}/${name}`)
    .save(bytes, { resumable: false });

/** Cards without END, filling `blocks` 2880-byte blocks. */
function headerWithoutEnd(blocks: number): Buffer {
  const cards = [
    "SIMPLE  =                    T",
    "BITPIX  =                   16",
    "NAXIS   =                    0",
  ];
  while (cards.length < blocks * 36) cards.push(`COMMENT filler card ${cards.length}`);
  return Buffer.from(cards.map((c) => c.padEnd(80)).join(""), "latin1");
}

describe("get-fits-header in the Functions emulator", () => {
  beforeAll(async () => {
    requireEmulators("functions", "auth", "storage");
    token = await emulatorIdToken();
    await put("notes.fits", Buffer.from("not a FITS file at all\n".repeat(200)));
    await put("endless.fits", headerWithoutEnd(101));
    await put("truncated.fits", headerWithoutEnd(1).subarray(0, 1000));
    // Uploaded here with the others (as the real file always was), not inside the tests.
    await put("generated-solved.fits.fz", fs.readFileSync(generatedSolved()));
    if (sharedExists(...REAL_SOLVED))
      await put("solved.fits.fz", fs.readFileSync(sharedPath(...REAL_SOLVED)));
  }, 60000);

  /** Expects the header of `file`, uploaded as `name`, back as astropy reads it (GET and POST). */
  async function answersLikeAstropy(name: string, file: string, header: Record<string, unknown>) {
    const reference = JSON.parse(fs.readFileSync(`${file}.astropy.json`, "utf8"));
    const res = await get(`?bucket_path=${encodeURIComponent(`${prefix}/${name}`)}&bucket_name=${RGB}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      success: boolean;
      hdu: number;
      cards: unknown[];
      header: Record<string, unknown>;
    };
    expect(body).toMatchObject({ success: true, hdu: 1 });
    expect(body.cards).toEqual(reference.cards);
    expect(body.header).toMatchObject(header);
    const post = await fetch(functionUrl("getFitsHeader"), {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ bucket_path: `${prefix}/${name}`, bucket_name: RGB }),
    });
    expect(((await post.json()) as { cards: unknown[] }).cards).toEqual(reference.cards);
  }

  it("answers the image header of an fpacked file as astropy reads it (GET and POST)", async () => {
    await answersLikeAstropy("generated-solved.fits.fz", generatedSolved(), {
      EXPTIME: GENERATED_TRUTH.exptime,
      FIELD: GENERATED_TRUTH.field,
      CAMTEMP: `${GENERATED_TRUTH.camtemp} C`,
      NAXIS1: GENERATED_SIZE.width,
    });
  }, 60000);

  testShared(
    "a real fpacked PANOPTES frame",
    "answers the header of the real solved.fits.fz as astropy reads it (GET and POST)",
    () =>
      answersLikeAstropy("solved.fits.fz", sharedPath(...REAL_SOLVED), {
        EXPTIME: 120.4,
        FIELD: "KIC 8462852",
        CAMTEMP: "13 C",
        NAXIS1: 700,
      }),
    { sub: REAL_SOLVED },
  );

  it.each([
    ["no bucket_path", "", 400, "invalid-request"],
    [
      "path traversal",
      `?bucket_path=${encodeURIComponent("PAN001/../secrets.fits")}`,
      400,
      "invalid-request",
    ],
    ["an absolute path", `?bucket_path=${encodeURIComponent("/PAN001/x.fits")}`, 400, "invalid-request"],
    [
      "a bucket not allowed",
      `?bucket_path=x.fits&bucket_name=someone-elses-bucket`,
      403,
      "bucket-not-allowed",
    ],
    [
      "a missing object",
      `?bucket_path=${encodeURIComponent(`${prefix}/missing.fits`)}&bucket_name=${RGB}`,
      404,
      "object-not-found",
    ],
    [
      "a text file",
      `?bucket_path=${encodeURIComponent(`${prefix}/notes.fits`)}&bucket_name=${RGB}`,
      422,
      "fits-not_fits",
    ],
    [
      "a header with no END within the bound",
      `?bucket_path=${encodeURIComponent(`${prefix}/endless.fits`)}&bucket_name=${RGB}`,
      422,
      "fits-header_too_large",
    ],
    [
      "a truncated header",
      `?bucket_path=${encodeURIComponent(`${prefix}/truncated.fits`)}&bucket_name=${RGB}`,
      422,
      "fits-truncated_header",
    ],
  ])("rejects %s", async (_what, query, status, code) => {
    const res = await get(query);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { success: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ success: false, error: { code } });
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it("rejects unauthenticated callers and other methods", async () => {
    const anonymous = await fetch(`${functionUrl("getFitsHeader")}?bucket_path=x.fits`);
    expect(anonymous.status).toBe(401);
    const put = await fetch(`${functionUrl("getFitsHeader")}?bucket_path=x.fits`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(put.status).toBe(405);
  });
});
