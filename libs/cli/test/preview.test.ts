import { main } from "@panoptes/cli";
import { demoDataset, makePanoptesFits } from "@panoptes/demo";
import { encodePreviewFiles, previewOfFitsBytes } from "@panoptes/preview";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} }, out, err };
}

/** Decodes a PNG with Debian's netpbm (a peer decoder): size and RGB bytes. */
function pngtopnm(file: string): { width: number; height: number; data: Buffer } {
  const r = spawnSync("pngtopnm", [file], { maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0)
    throw new Error(`pngtopnm failed (apt-get install netpbm): ${r.error?.message ?? r.stderr}`);
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(r.stdout.subarray(0, 40).toString("latin1"))!;
  return { width: Number(m[1]), height: Number(m[2]), data: r.stdout.subarray(m[0].length) };
}

describe("panoptes preview", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-preview-"));
  const file = path.join(dir, "frame.fits");
  const bytes = makePanoptesFits(demoDataset(1)[0]!, { width: 1000, height: 700 });
  fs.writeFileSync(file, bytes);

  it("writes the pipeline's JPEG preview, byte for byte", async () => {
    const out = path.join(dir, "p.jpg");
    const c = capture();
    expect(await main(["preview", file, "--out", out, "--json"], c.io)).toBe(0);
    const pipeline = await encodePreviewFiles(await previewOfFitsBytes(bytes, file));
    expect(Buffer.compare(fs.readFileSync(out), pipeline.preview)).toBe(0);
    expect(JSON.parse(c.out[0]!)).toMatchObject({ width: 500, height: 350, mode: "bayer" });
  });

  it("writes the thumbnail with --thumb, the same bytes as the pipeline's", async () => {
    const out = path.join(dir, "t.jpg");
    expect(await main(["preview", file, "--out", out, "--thumb"], capture().io)).toBe(0);
    const pipeline = await encodePreviewFiles(await previewOfFitsBytes(bytes, file));
    expect(Buffer.compare(fs.readFileSync(out), pipeline.thumb)).toBe(0);
  });

  it("writes the same pixels losslessly as PNG, at the --size asked", async () => {
    const out = path.join(dir, "p.png");
    expect(await main(["preview", file, "--out", out, "--size", "200"], capture().io)).toBe(0);
    const decoded = pngtopnm(out);
    const made = await previewOfFitsBytes(bytes, file, { width: 200 });
    expect([decoded.width, decoded.height]).toEqual([200, 140]);
    expect(Buffer.compare(decoded.data, Buffer.from(made.preview.pixels))).toBe(0);
  });

  it.each([
    [["preview", "x.fits"], /--out OUT.png or OUT.jpg is required/],
    [["preview", "x.fits", "--out", "a.gif"], /must end in .png .* or .jpg/],
    [
      ["preview", "x.fits", "--out", "a.png", "--size", "0"],
      /--size must be a whole number of pixels >= 1, got 0/,
    ],
  ])("refuses %j with a usage error", async (args, message) => {
    const c = capture();
    const code = await main(
      args.map((a) => (a === "x.fits" ? file : a)),
      c.io,
    );
    expect(code).toBe(2);
    expect(c.err.join("\n")).toMatch(message);
  });

  it("names a file that is not FITS", async () => {
    const bad = path.join(dir, "bad.fits");
    fs.writeFileSync(bad, "not a FITS file at all".repeat(200));
    const c = capture();
    expect(await main(["preview", bad, "--out", path.join(dir, "b.png")], c.io)).toBe(1);
    expect(c.err.join("\n")).toMatch(/bad\.fits is not a readable FITS image/);
  });
});
