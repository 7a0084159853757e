import {
  ASTROPY_CARDS_SCRIPT,
  astropyCards,
  DEBIAN_PYTHON,
  describeShared,
  generatedFixtures,
  sharedPath,
} from "@panoptes/testing";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * scripts/reference/astropy-cards.py, the project's own astropy reference that every header test compares with.
 * Cross-checked, when ../shared exists, against the script the shared references were made with, on every HDU of
 * every shared PANOPTES fixture and peer FITS file (one Python process loads both scripts and runs their main()).
 */
const COMPARE = `
import contextlib, glob, importlib.util, io, json, sys, warnings
from astropy.io import fits

def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

ours, theirs = load("ours", sys.argv[1]), load("theirs", sys.argv[2])

def capture(call):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            call()
        return out.getvalue()
    except Exception as error:
        return "error: " + type(error).__name__

def run_theirs(args):
    sys.argv = ["astropy-cards.py"] + args
    theirs.main()

files = [f for d in sys.argv[3:] for f in sorted(glob.glob(d + "/*.fit*")) if not f.endswith(".json")]
runs, differ = 0, []
for f in files:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with fits.open(f, ignore_missing_simple=True) as hdus:
                count = len(hdus)
        except Exception:
            count = 1
    for args in [[f]] + [[f, str(i)] for i in range(count)]:
        runs += 1
        if capture(lambda: ours.main(["astropy-cards.py"] + args)) != capture(lambda: run_theirs(args)):
            differ.append(" ".join(args))
print(json.dumps({"files": len(files), "runs": runs, "differ": differ}))
`;

describe("scripts/reference/astropy-cards.py", () => {
  it("prints usage and exits 2 without a file", () => {
    const res = spawnSync(DEBIAN_PYTHON, [ASTROPY_CARDS_SCRIPT], { encoding: "utf8" });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/usage: astropy-cards.py FILE \[EXT\]/);
  });

  it("reads HDU 1 of a .fz file by default, and the HDU it is given", () => {
    const file = path.join(generatedFixtures().dir, "solved.fits.fz");
    const naxis = (text: string) =>
      (JSON.parse(text) as { cards: { keyword: string; value: unknown }[] }).cards.find(
        (c) => c.keyword === "NAXIS",
      )?.value;
    const byDefault = JSON.parse(astropyCards(file));
    expect(byDefault).toMatchObject({ file: "solved.fits.fz", ext: 1 });
    expect(naxis(astropyCards(file))).toBe(2); // the compressed image, as astropy presents it
    expect(naxis(astropyCards(file, 0))).toBe(0); // the empty primary HDU
  }, 60000);
});

describeShared(
  "the script the shared references were made with, and the peer FITS files",
  "scripts/reference/astropy-cards.py against ../shared/tools/astropy-cards.py",
  () => {
    it("prints the same text for every HDU of every shared fixture and peer FITS file", () => {
      const res = spawnSync(
        DEBIAN_PYTHON,
        [
          "-c",
          COMPARE,
          ASTROPY_CARDS_SCRIPT,
          sharedPath("tools", "astropy-cards.py"),
          sharedPath("fixtures", "fits"),
          sharedPath("peer-fits"),
        ],
        { encoding: "utf8" },
      );
      expect(res.stderr).toBe("");
      const result = JSON.parse(res.stdout) as { files: number; runs: number; differ: string[] };
      expect(result.differ).toEqual([]);
      expect(result.files).toBe(
        fs.readdirSync(sharedPath("peer-fits")).filter((f) => /\.fit/.test(f)).length + 8,
      );
      expect(result.runs).toBeGreaterThan(result.files);
    }, 120000);
  },
  { sub: ["tools", "astropy-cards.py"] },
);
