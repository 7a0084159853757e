import { runCaptured } from "@panoptes/cli";
import {
  astropyCards,
  describeShared,
  GENERATED_FIXTURE_NAMES,
  generatedFixtures,
  sharedFileNames,
  sharedPath,
} from "@panoptes/testing";
import fs from "node:fs";
import path from "node:path";

const run = (args: string[]) => runCaptured(args);

/** `panoptes header --json` against scripts/reference/astropy-cards.py on every file of a fixture folder. */
function printsLikeAstropy(dir: () => string, files: string[]): void {
  it.each(files)("prints %s exactly as astropy-cards.py does", async (name) => {
    const file = path.join(dir(), name);
    const res = await run(["header", file, "--json"]);
    expect(res.code).toBe(0);
    expect(`${res.out}\n`).toBe(astropyCards(file));
  });

  it("reads another extension with --ext", async () => {
    const file = path.join(dir(), "solved.fits.fz");
    const res = await run(["header", file, "--ext", "0", "--json"]);
    expect(`${res.out}\n`).toBe(astropyCards(file, 0));
  });

  it("prints the 80-character cards without --json", async () => {
    const res = await run(["header", path.join(dir(), "noheader.fits")]);
    expect(res.out.split("\n")[0]).toMatch(/^SIMPLE {2}=\s+T/);
  });
}

describe("panoptes header --json on generated PANOPTES files", () => {
  const names = [...GENERATED_FIXTURE_NAMES];
  let dir = "";
  beforeAll(() => {
    dir = generatedFixtures().dir;
  }, 60000);
  printsLikeAstropy(() => dir, names);
});

describeShared("real PANOPTES files", "panoptes header --json on real files", () => {
  printsLikeAstropy(
    () => sharedPath("fixtures", "fits"),
    sharedFileNames(["fixtures", "fits"], (f) => /\.(fits|fz)$/.test(f)),
  );
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
