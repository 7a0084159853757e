import { debayerBilinear, debayerHalf, decodeRaw } from "@panoptes/cr2";
import {
  allocateFitsImage,
  cr2ToFits,
  finishImage,
  openCr2,
  productFits,
  productPaths,
  writeRow,
} from "@panoptes/cr2-fits";
import { bufferByteSource, float, headerToMap, readHeader, string, writeImage } from "@panoptes/fits";
import fs from "node:fs";
import path from "node:path";
import { astropyRead, dcrawMosaic, flipRows, tempDir, testCr2 } from "./support";

const IDS = {
  unit_id: "PAN001",
  camera_id: "14d3bd",
  sequence_id: "PAN001_14d3bd_20180216T110623",
  image_id: "PAN001_14d3bd_20180216T112430",
};

const CR2_CARDS = {
  ISO: 100,
  EXPTIME: 30.1,
  CAMTEMP: "13 C",
  COLORTMP: 5413,
  INTSN: "HA0028608",
  CAMSN: "012070048413",
  MEASEV: -3.62,
  MEASRGGB: "474 1024 1024 718",
  WHTLVLN: 11765,
  WHTLVLS: 12277,
  WBRGGB: "2068 1024 1024 1520",
  "DATE-OBS": "2016-09-09T08:14:34",
};

describe("FITS image buffers", () => {
  it.each([
    ["uint16", Uint16Array.from([0, 1, 2047, 32768, 65535, 12345])],
    ["float32", Float32Array.from([0, 0.25, -1.5, 16383.75, 1e-3, 65535])],
  ])("write %s rows byte for byte as @panoptes/fits writeImage", (_label, pixels) => {
    const cards = [
      { keyword: "FILTER", value: string("RGGB"), comment: "" },
      { keyword: "EXPTIME", value: float(30.1), comment: "s" },
    ];
    const image = allocateFitsImage(3, 2, pixels instanceof Uint16Array ? 16 : -32, cards);
    writeRow(image, 0, pixels, 0);
    writeRow(image, 1, pixels, 3);
    expect(
      Buffer.from(finishImage(image)).equals(
        Buffer.from(writeImage({ pixels, axes: [3, 2], header: cards })),
      ),
    ).toBe(true);
  });
});

describe("cr2ToFits on a generated 100D CR2", () => {
  const { file, pixels } = testCr2(64, 40);
  const dir = tempDir("cr2-fits-");
  const cr2Path = path.join(dir, "image.cr2");
  fs.writeFileSync(cr2Path, file);

  it("writes a Bayer FITS astropy reads as the flipped raw mosaic (= dcraw -D) with the PANOPTES cards", () => {
    const out = cr2ToFits(file, { ids: IDS });
    const fitsPath = path.join(dir, "bayer.fits");
    fs.writeFileSync(fitsPath, out.bayer!);
    const [bayer] = astropyRead([fitsPath]);
    expect(bayer!.dtype).toBe("uint16");
    expect(bayer!.shape).toEqual([40, 64]);
    const dcraw = dcrawMosaic(cr2Path);
    expect([dcraw.width, dcraw.height]).toEqual([64, 40]);
    expect(Uint16Array.from(bayer!.data)).toEqual(flipRows(dcraw.data, 64, 40));
    expect(Uint16Array.from(bayer!.data)).toEqual(flipRows(pixels, 64, 40));
    expect(bayer!.header).toMatchObject({
      BITPIX: 16,
      BZERO: 32768,
      FILTER: "RGGB",
      PANID: IDS.unit_id,
      INSTRUME: IDS.camera_id,
      SEQID: IDS.sequence_id,
      IMAGEID: IDS.image_id,
      BLACKLVL: 2048,
      BLKRGGB: "2047 2048 2048 2047",
      RAWAREA: "0 0 64 40",
      ROWORDER: "BOTTOM-UP",
      ...CR2_CARDS,
    });
    expect(bayer!.header.CIRCCONF).toMatch(/^0\.0\d\d mm$/);
    expect(bayer!.header).not.toHaveProperty("CHANNEL");
  });

  it.each(["bilinear", "half"] as const)(
    "writes R, G, B float32 FITS astropy reads as the flipped %s planes, with CHANNEL and DEBAYER",
    (interpolation) => {
      const out = cr2ToFits(file, { ids: IDS, interpolation, bayer: false });
      expect(out.bayer).toBeNull();
      const planes = (interpolation === "half" ? debayerHalf : debayerBilinear)(decodeRaw(file));
      const files = (["r", "g", "b"] as const).map((ch) => {
        const p = path.join(dir, `${interpolation}_${ch}.fits`);
        fs.writeFileSync(p, out[ch]);
        return p;
      });
      const read = astropyRead(files);
      (["r", "g", "b"] as const).forEach((ch, i) => {
        const img = read[i]!;
        expect(img.dtype).toBe("float32");
        expect(img.shape).toEqual([planes.height, planes.width]);
        expect(Float32Array.from(img.data)).toEqual(flipRows(planes[ch], planes.width, planes.height));
        expect(img.header).toMatchObject({
          BITPIX: -32,
          CHANNEL: ch.toUpperCase(),
          DEBAYER: interpolation,
          BUNIT: "adu",
          FILTER: "RGGB",
          IMAGEID: IDS.image_id,
          ...CR2_CARDS,
        });
      });
    },
  );

  it("gives the same bytes product by product as all at once, and leaves the ids out when none are given", async () => {
    const source = openCr2(file);
    const all = cr2ToFits(file, {});
    expect(Buffer.from(productFits(source, "g")).equals(Buffer.from(all.g))).toBe(true);
    const { header } = await readHeader(bufferByteSource(all.bayer!));
    const map = headerToMap(header.cards);
    expect(map).not.toHaveProperty("PANID");
    expect(map).toMatchObject({ NAXIS1: 64, NAXIS2: 40, ISO: 100 });
  });

  it.each([
    ["a truncated file", () => file.subarray(0, file.length - 200), "RAW_DATA_MISSING"],
    ["a file that is not TIFF", () => new TextEncoder().encode("not a cr2 at all, just text"), "TIFF_FORMAT"],
  ])("fails with a Cr2Error code on %s", (_label, bytes, code) => {
    expect(() => cr2ToFits(bytes())).toThrow(expect.objectContaining({ code }));
  });
});

describe("productPaths", () => {
  it.each([
    ["PAN001/14d3bd/20180216T110623/20180216T112430.cr2", "PAN001/14d3bd/20180216T110623/20180216T112430"],
    ["PAN001/14d3bd/20180216T110623/20180216T112430.CR2", "PAN001/14d3bd/20180216T110623/20180216T112430"],
  ])("names the products of %s beside it", (input, stem) => {
    expect(productPaths(input)).toEqual({
      bayer: `${stem}.fits`,
      r: `${stem}_r.fits`,
      g: `${stem}_g.fits`,
      b: `${stem}_b.fits`,
    });
  });
});
