import { demoDataset, makePanoptesFits, specPath } from "@panoptes/demo";
import { bufferByteSource, headerToMap, readHeader } from "@panoptes/fits";
import { parseObjectPath } from "@panoptes/models";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

describe("demo data", () => {
  const data = demoDataset();

  it("covers several units, cameras and sequences with valid paths", () => {
    expect(new Set(data.map((s) => s.unit_id)).size).toBe(3);
    expect(new Set(data.map((s) => s.camera_id)).size).toBe(5);
    expect(new Set(data.map((s) => `${s.camera_id}/${s.sequence_time}`)).size).toBe(10);
    for (const s of data)
      expect(parseObjectPath(specPath(s, ".fits")).image_id).toBe(
        `${s.unit_id}_${s.camera_id}_${s.image_time}`,
      );
    expect(new Set(data.map((s) => specPath(s))).size).toBe(data.length);
  });

  it("writes a header our reader and astropy both read back", async () => {
    const spec = data[0]!;
    const bytes = makePanoptesFits(spec);
    const { header } = await readHeader(bufferByteSource(bytes));
    const map = headerToMap(header.cards);
    expect(map).toMatchObject({
      PANID: spec.unit_id,
      INSTRUME: spec.camera_id,
      EXPTIME: 120,
      CAMTEMP: `${spec.camtemp} C`,
      NAXIS1: 96,
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "demo-")), "demo.fits");
    fs.writeFileSync(file, bytes);
    const py = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        `from astropy.io import fits; import sys; h=fits.getheader(sys.argv[1]); d=fits.getdata(sys.argv[1]); print(h['IMAGEID'], d.dtype, d.shape, int(d.min()) > 1000)`,
        file,
      ],
      { encoding: "utf8" },
    );
    if (py.error) throw new Error("python3 with astropy is needed: apt-get install python3-astropy");
    expect(py.stdout.trim()).toBe(
      `${spec.unit_id}_${spec.camera_id}_${spec.image_time} uint16 (64, 96) True`,
    );
  });
});
