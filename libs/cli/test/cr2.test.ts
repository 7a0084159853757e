import { main } from "@panoptes/cli";
import { writeTestCr2 } from "@panoptes/demo";
import { bufferByteSource, headerToMap, readHeader } from "@panoptes/fits";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} },
    out,
    err,
  };
}

async function header(file: string) {
  return headerToMap((await readHeader(bufferByteSource(fs.readFileSync(file)))).header.cards);
}

describe("panoptes cr2", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cli-cr2-"));
  const canonical = path.join(root, "PAN001", "14d3bd", "20180216T110623");
  fs.mkdirSync(canonical, { recursive: true });
  const file = path.join(canonical, "20180216T112430.cr2");
  const pixels = new Uint16Array(32 * 24).map((_, i) => 2048 + ((i * 37) % 5000));
  fs.writeFileSync(
    file,
    writeTestCr2({ width: 32, height: 24, bits: 14, components: 2, slices: null, pixels }),
  );

  it("writes the Bayer and bilinear R, G, B FITS by default, with the ids of a canonical path", async () => {
    const out = path.join(root, "default");
    const c = capture();
    expect(await main(["cr2", file, "--out", out], c.io)).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([
      "20180216T112430.fits",
      "20180216T112430_b.fits",
      "20180216T112430_g.fits",
      "20180216T112430_r.fits",
    ]);
    expect(c.out.join("\n")).toContain("bayer uint16 32x24");
    expect(await header(path.join(out, "20180216T112430.fits"))).toMatchObject({
      BITPIX: 16,
      PANID: "PAN001",
      IMAGEID: "PAN001_14d3bd_20180216T112430",
      FILTER: "RGGB",
    });
    expect(await header(path.join(out, "20180216T112430_r.fits"))).toMatchObject({
      BITPIX: -32,
      CHANNEL: "R",
      DEBAYER: "bilinear",
    });
  });

  it("with --rgb half --json writes only the half-size planes and prints metadata and files", async () => {
    const out = path.join(root, "half");
    const c = capture();
    expect(await main(["cr2", file, "--out", out, "--rgb", "half", "--json"], c.io)).toBe(0);
    const report = JSON.parse(c.out.join("\n")) as {
      metadata: { model: string; iso: number };
      interpolation: string;
      files: Array<{ product: string; path: string; width: number; height: number; bytes: number }>;
    };
    expect(report.metadata).toMatchObject({ model: "Canon EOS 100D", iso: 100 });
    expect(report.interpolation).toBe("half");
    expect(report.files.map((f) => [f.product, f.width, f.height])).toEqual([
      ["r", 16, 12],
      ["g", 16, 12],
      ["b", 16, 12],
    ]);
    for (const f of report.files) expect(fs.statSync(f.path).size).toBe(f.bytes);
  });

  it("with --bayer alone writes only the mosaic, without ids for a file elsewhere", async () => {
    const elsewhere = path.join(root, "loose.cr2");
    fs.copyFileSync(file, elsewhere);
    const out = path.join(root, "bayer");
    const c = capture();
    expect(await main(["cr2", elsewhere, "--out", out, "--bayer"], c.io)).toBe(0);
    expect(fs.readdirSync(out)).toEqual(["loose.fits"]);
    expect(await header(path.join(out, "loose.fits"))).not.toHaveProperty("PANID");
  });

  it.each([
    ["no --out", ["cr2", "x.cr2"], 2, /--out DIR is required/],
    ["an unknown --rgb", ["cr2", "x.cr2", "--out", "/tmp/x", "--rgb", "cubic"], 2, /--rgb must be one of/],
    ["a file that is not a CR2", ["cr2", __filename, "--out", "/tmp/never"], 1, /TIFF file needs|TIFF/],
  ])("fails on %s", async (_label, argv, code, message) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(code);
    expect(c.err.join("\n")).toMatch(message);
  });
});
