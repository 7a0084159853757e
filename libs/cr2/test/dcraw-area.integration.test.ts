import * as fs from "node:fs";
import * as path from "node:path";
import { cropMosaic, dcrawVisibleArea, decodeRaw } from "@panoptes/cr2";
import { writeTestCr2 } from "@panoptes/demo";
import { parsePgm16, runTool, tempDir } from "./helpers";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("dcrawVisibleArea + cropMosaic reproduce dcraw -D on full-size Canon frames", () => {
  // Every pixel differs from its neighbours, so a crop off by one row or column cannot match.
  it.each([
    ["EOS 100D", 5280, 3528, { left: 72, top: 52, width: 5208, height: 3476 }],
    ["EOS-1Ds Mark III", 5712, 3774, { left: 62, top: 20, width: 5640, height: 3752 }],
    ["EOS 350D", 3516, 2328, { left: 42, top: 14, width: 3474, height: 2314 }],
  ])("%s raw frame %ix%i", (_model, width, height, expected) => {
    const pixels = new Uint16Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) pixels[y * width + x] = 1024 + ((x * 7 + y * 13) % 12000);
    const file = path.join(dir, "full.cr2");
    fs.writeFileSync(
      file,
      writeTestCr2({ width, height, bits: 14, components: 4, slices: [2, width / 4, width / 2], pixels }),
    );
    const area = dcrawVisibleArea(width, height);
    expect(area).toEqual(expected);
    const ours = cropMosaic(decodeRaw(new Uint8Array(fs.readFileSync(file))), area);
    const out = runTool("dcraw", ["-D", "-4", "-t", "0", "-c", file]);
    expect(out.status).toBe(0);
    const theirs = parsePgm16(out.stdout);
    expect([theirs.width, theirs.height]).toEqual([area.width, area.height]);
    expect(Buffer.from(theirs.data.buffer).equals(Buffer.from(ours.data.buffer))).toBe(true);
  });

  it("keeps the whole frame for sizes dcraw's table does not list", () => {
    expect(dcrawVisibleArea(64, 40)).toEqual({ left: 0, top: 0, width: 64, height: 40 });
  });

  it("rejects a crop outside the frame", () => {
    expect(() =>
      cropMosaic(
        { width: 4, height: 4, data: new Uint16Array(16) },
        { left: 2, top: 0, width: 3, height: 4 },
      ),
    ).toThrow(/does not fit/);
  });
});
