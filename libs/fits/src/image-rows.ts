import { allocatePixels, decodeBigEndian } from "./big-endian";
import type { ByteSource } from "./byte-source";
import { FitsFormatError } from "./errors";
import { readHeader, type ReadHeaderOptions } from "./hdu-reader";
import type { FitsImage } from "./pixels";
import type { Bitpix } from "./structure";
import { placeTile, tileDecoder } from "./tile-compressed";

/** A band of whole rows of a 2-D image: `axes` is [NAXIS1, rows], from FITS row `firstRow` (1-based) up. */
export interface ImageRows extends FitsImage {
  readonly firstRow: number;
  /** NAXIS1 × NAXIS2 of the whole image */
  readonly frame: readonly [number, number];
}

/** Which rows to read: FITS rows `first` … `first + count - 1` (1-based, row 1 at the bottom). */
export interface ReadImageRowsOptions extends ReadHeaderOptions {
  readonly first: number;
  readonly count: number;
}

async function readExactly(
  source: ByteSource,
  start: number,
  end: number,
  what: string,
): Promise<Uint8Array> {
  const bytes = end > start ? await source.read(start, end) : new Uint8Array(0);
  if (bytes.length < end - start) {
    throw new FitsFormatError(
      "TRUNCATED_DATA",
      `${what}: bytes ${start}..${end} were asked for, but the file ends after ${start + bytes.length}`,
    );
  }
  return bytes;
}

/**
 * Read a band of rows of a 2-D image with ranged reads, never the whole data unit: for an uncompressed image
 * the band's bytes; for a tile-compressed one (`hdu: "image"` for fpacked files) the table's descriptors, then
 * one range of the heap holding the tiles that cover the band (fpack's tiles are single rows, so exactly the
 * band's). Rows outside the image are clipped; an empty intersection is an error. Pixels as readImage gives them
 * (stored values, BSCALE/BZERO not applied).
 */
export async function readImageRows(source: ByteSource, options: ReadImageRowsOptions): Promise<ImageRows> {
  const result = await readHeader(source, options);
  const { location, header } = result;
  if (location.structureError) throw location.structureError;
  const bitpix = Number(header.getInteger("BITPIX")) as Bitpix;
  const width = Number(header.getInteger("NAXIS1") ?? 0n);
  const height = Number(header.getInteger("NAXIS2") ?? 0n);
  if (Number(header.getInteger("NAXIS") ?? 0n) !== 2 || width < 1 || height < 1) {
    throw new FitsFormatError("BAD_STRUCTURE", `HDU ${result.hdu}: rows are read from 2-D images only`);
  }
  const first = Math.max(1, Math.floor(options.first));
  const last = Math.min(height, Math.floor(options.first + options.count - 1));
  if (last < first) {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `rows ${options.first}..${options.first + options.count - 1} lie outside the image's ${height} rows`,
    );
  }
  const count = last - first + 1;
  const common = {
    header,
    hdu: result.hdu,
    bitpix,
    axes: [width, count],
    bscale: header.getNumber("BSCALE") ?? 1,
    bzero: header.getNumber("BZERO") ?? 0,
    firstRow: first,
    frame: [width, height] as const,
  };
  if (!result.compressed) {
    const rowBytes = (width * Math.abs(bitpix)) / 8;
    const start = location.dataStart + (first - 1) * rowBytes;
    const bytes = await readExactly(source, start, start + count * rowBytes, `HDU ${result.hdu} rows`);
    return { ...common, raw: decodeBigEndian(bytes, bitpix, width * count) };
  }
  const table = location.storedHeader;
  const tableBytes = Number(table.getInteger("NAXIS1") ?? 0n) * Number(table.getInteger("NAXIS2") ?? 0n);
  const rowsOfTable = await readExactly(
    source,
    location.dataStart,
    location.dataStart + tableBytes,
    `HDU ${result.hdu} tile table`,
  );
  let heap: { start: number; bytes: Uint8Array } = { start: 0, bytes: new Uint8Array(0) };
  const decoder = tileDecoder(table, rowsOfTable, (start, length, row) => {
    if (start < heap.start || start + length > heap.start + heap.bytes.length) {
      throw new FitsFormatError(
        "TRUNCATED_DATA",
        `compressed image: tile ${row + 1} lies outside the heap read`,
      );
    }
    return heap.bytes.subarray(start - heap.start, start - heap.start + length);
  });
  const tileHeight = decoder.p.tile[1] ?? 1;
  const [across = 1] = decoder.tilesPerAxis;
  // The tiles covering the band: whole tile rows, so the band is widened to tile boundaries and cut after.
  const firstTileRow = Math.floor((first - 1) / tileHeight);
  const lastTileRow = Math.floor((last - 1) / tileHeight);
  const tiles: number[] = [];
  for (let ty = firstTileRow; ty <= lastTileRow; ty++)
    for (let tx = 0; tx < across; tx++) tiles.push(ty * across + tx);
  const span = decoder.heapSpan(tiles);
  if (span) {
    const [lo, hi] = span;
    heap = {
      start: lo,
      bytes: await readExactly(source, location.dataStart + lo, location.dataStart + hi, "heap"),
    };
  }
  const bandStart = firstTileRow * tileHeight;
  const bandRows = Math.min(height, (lastTileRow + 1) * tileHeight) - bandStart;
  const band = allocatePixels(decoder.p.bitpix, width * bandRows);
  for (const row of tiles) {
    const { pixels, start, size } = decoder.tile(row);
    placeTile(band, pixels, [width, bandRows], [start[0] as number, (start[1] as number) - bandStart], size);
  }
  const from = (first - 1 - bandStart) * width;
  return { ...common, raw: band.subarray(from, from + width * count) };
}
