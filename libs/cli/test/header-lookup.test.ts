import { runCaptured } from "@panoptes/cli";
import { Storage } from "@google-cloud/storage";
import {
  REPO_ROOT,
  requireEmulators,
  sharedFixturesDir,
  TEST_PROJECT_ID,
  uniqueSuffix,
} from "@panoptes/testing";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const fixtures = sharedFixturesDir();
const describeWithFixtures = fixtures ? describe : describe.skip;
if (!fixtures) console.warn("../shared/fixtures not found: skipping panoptes header tests on real files");

const run = (args: string[]) => runCaptured(args);

function astropyCards(file: string, ext?: number): string {
  const script = path.resolve(REPO_ROOT, "../shared/tools/astropy-cards.py");
  const res = spawnSync("/usr/bin/python3", [script, file, ...(ext === undefined ? [] : [String(ext)])], {
    encoding: "utf8",
  });
  if (res.status !== 0)
    throw new Error(`astropy-cards.py failed (apt-get install python3-astropy): ${res.stderr}`);
  return res.stdout;
}

describeWithFixtures("panoptes header --json", () => {
  const files = fixtures
    ? fs.readdirSync(path.join(fixtures, "fits")).filter((f) => /\.(fits|fz)$/.test(f))
    : [];

  it.each(files)("prints %s exactly as astropy-cards.py does", async (name) => {
    const file = path.join(fixtures!, "fits", name);
    const res = await run(["header", file, "--json"]);
    expect(res.code).toBe(0);
    expect(`${res.out}\n`).toBe(astropyCards(file));
  });

  it("reads another extension with --ext", async () => {
    const file = path.join(fixtures!, "fits", "solved.fits.fz");
    const res = await run(["header", file, "--ext", "0", "--json"]);
    expect(`${res.out}\n`).toBe(astropyCards(file, 0));
  });

  it("reads gs:// objects from the Storage emulator", async () => {
    requireEmulators("storage");
    const key = `cli-tests/${uniqueSuffix()}/tiny.fits`;
    await new Storage({ projectId: TEST_PROJECT_ID })
      .bucket("cli-tests")
      .file(key)
      .save(fs.readFileSync(path.join(fixtures!, "fits", "tiny.fits")));
    const res = await run(["header", `gs://cli-tests/${key}`, "--json"]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out).cards).toEqual(
      JSON.parse(astropyCards(path.join(fixtures!, "fits", "tiny.fits"))).cards,
    );
  });

  it("prints the 80-character cards without --json", async () => {
    const res = await run(["header", path.join(fixtures!, "fits", "noheader.fits")]);
    expect(res.out.split("\n")[0]).toMatch(/^SIMPLE {2}=\s+T/);
  });
});

describe("panoptes header errors", () => {
  it("fails clearly on a file that is not FITS", async () => {
    const file = path.join(fs.mkdtempSync("/tmp/cli-"), "notes.fits");
    fs.writeFileSync(file, "hello\n".repeat(1000));
    const res = await run(["header", file]);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/panoptes header: .*FITS/i);
  });
  it("needs a file", async () => expect((await run(["header"])).code).toBe(2));
});

describe("panoptes lookup", () => {
  it("resolves a star offline as JSON", async () => {
    const res = await run(["lookup", "Vega", "--offline", "--json"]);
    expect(res.code).toBe(0);
    const r = JSON.parse(res.out);
    expect(r).toMatchObject({ name: "Vega", source: "catalog:stars" });
    expect(r.ra).toBeCloseTo(279.2347, 3);
  });
  it("joins words and reads coordinates", async () => {
    const res = await run(["lookup", "05:35:16.8", "-05:23:15", "--offline"]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/83\.82000/);
  });
  it("exits 1 naming what was tried when nothing matches offline", async () => {
    const res = await run(["lookup", "No Such Thing Anywhere", "--offline"]);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/not tried: sesame/i);
  });
});
