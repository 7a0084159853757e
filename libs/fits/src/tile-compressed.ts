import { allocatePixels, decodeBigEndian, type RawPixels } from "./big-endian";
import { type BinTableColumn, binTableColumns, typeBytes } from "./bintable";
import { DecompressionError, FitsFormatError, UnsupportedCompressionError } from "./errors";
import { gunzipTile } from "./gzip-tiles";
import type { Header } from "./header";
import { riceDecode, type RiceOutput } from "./rice";
import { type Bitpix, VALID_BITPIX } from "./structure";

/** Compression algorithms whose pixels this library decodes. */
export const SUPPORTED_COMPRESSION = ["RICE_1", "RICE_ONE", "GZIP_1", "GZIP_2", "NOCOMPRESS"] as const;

/** Parameters of a tile-compressed image, from its binary-table header. */
export interface TiledImageParameters {
  readonly algorithm: string;
  readonly bitpix: Bitpix;
  readonly axes: readonly number[];
  readonly tile: readonly number[];
  readonly blockSize: number;
  readonly bytePix: 1 | 2 | 4;
}

/** Read ZCMPTYPE, ZBITPIX, ZNAXISn, ZTILEn and the Rice parameters (ZNAMEn/ZVALn BLOCKSIZE, BYTEPIX). */
export function tiledImageParameters(table: Header): TiledImageParameters {
  const algorithm = (table.getString("ZCMPTYPE") ?? "").trim().toUpperCase();
  const bitpix = Number(table.getInteger("ZBITPIX") ?? 0n);
  if (!(VALID_BITPIX as readonly number[]).includes(bitpix)) {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `compressed image: ZBITPIX must be one of ${VALID_BITPIX.join(", ")}, got ${bitpix}`,
    );
  }
  const naxis = Number(table.getInteger("ZNAXIS") ?? -1n);
  if (naxis < 0 || naxis > 999) {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `compressed image: ZNAXIS must be between 0 and 999, got ${naxis}`,
    );
  }
  const axes: number[] = [];
  const tile: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    const n = table.getInteger(`ZNAXIS${i}`);
    if (n === undefined || n < 0n || n > 2n ** 31n) {
      throw new FitsFormatError(
        "BAD_STRUCTURE",
        `compressed image: ZNAXIS${i} must be an integer from 0 to 2^31, got ${n}`,
      );
    }
    axes.push(Number(n));
    const t = Number(table.getInteger(`ZTILE${i}`) ?? BigInt(i === 1 ? n : 1n));
    if (t < 1)
      throw new FitsFormatError("BAD_STRUCTURE", `compressed image: ZTILE${i} must be positive, got ${t}`);
    tile.push(t);
  }
  let blockSize = 32;
  let bytePix: 1 | 2 | 4 = 4;
  for (let i = 1; table.has(`ZNAME${i}`); i++) {
    const name = (table.getString(`ZNAME${i}`) ?? "").trim().toUpperCase();
    const value = table.getNumber(`ZVAL${i}`);
    if (name === "BLOCKSIZE" && value !== undefined) blockSize = value;
    if (name === "BYTEPIX" && (value === 1 || value === 2 || value === 4)) bytePix = value;
  }
  return { algorithm, bitpix: bitpix as Bitpix, axes, tile, blockSize, bytePix };
}

/**
 * Decompress a tile-compressed image (FITS tiled-image convention) to its stored integer or float
 * pixels, NAXIS1 fastest. `data` is the whole binary-table data unit (rows and heap). Supports RICE_1,
 * GZIP_1, GZIP_2 and NOCOMPRESS for integer images and lossless (unquantized) float images; anything
 * else throws UnsupportedCompressionError.
 */
export function decompressTiledImage(table: Header, data: Uint8Array): RawPixels {
  const p = tiledImageParameters(table);
  if (!(SUPPORTED_COMPRESSION as readonly string[]).includes(p.algorithm)) {
    throw new UnsupportedCompressionError(
      `unsupported compression ${JSON.stringify(p.algorithm)} for pixels: supported are ${SUPPORTED_COMPRESSION.join(", ")} (headers are read for any algorithm)`,
    );
  }
  const columns = binTableColumns(table);
  const compressed = columnNamed(columns, "COMPRESSED_DATA");
  const uncompressed = columns.find((c) => c.name === "UNCOMPRESSED_DATA");
  const quantized = columns.some((c) => c.name === "ZSCALE" || c.name === "ZZERO");
  if (p.bitpix < 0 && (quantized || p.algorithm.startsWith("RICE"))) {
    throw new UnsupportedCompressionError(
      `unsupported compression: quantized floating-point tiles (${p.algorithm}, ZQUANTIZ ${table.getString("ZQUANTIZ") ?? "default"}) are not decoded; only lossless GZIP float tiles are`,
    );
  }
  if (compressed.type !== "P" && compressed.type !== "Q") {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `compressed image: COMPRESSED_DATA must be a variable-length array (P or Q), got TFORM ${compressed.tform}`,
    );
  }
  const rowBytes = Number(table.getInteger("NAXIS1") ?? 0n);
  const rows = Number(table.getInteger("NAXIS2") ?? 0n);
  const heapStart = Number(table.getInteger("THEAP") ?? BigInt(rowBytes * rows));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const total = p.axes.reduce((a, b) => a * b, p.axes.length > 0 ? 1 : 0);
  const image = allocatePixels(p.bitpix, total);
  const tilesPerAxis = p.axes.map((n, i) => Math.ceil(n / (p.tile[i] as number)));
  const tileCount = tilesPerAxis.reduce((a, b) => a * b, 1);
  if (total > 0 && tileCount !== rows) {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `compressed image: ${tileCount} tiles expected from ZNAXISn/ZTILEn, but the table has ${rows} rows`,
    );
  }
  const maxTilePixels = p.tile.reduce((a, b) => a * b, 1);
  const scratch = riceScratch(p.bytePix, maxTilePixels);
  for (let row = 0; row < (total > 0 ? rows : 0); row++) {
    const { start, size } = tileBox(row, p.axes, p.tile, tilesPerAxis);
    const count = size.reduce((a, b) => a * b, 1);
    const [length, offset] = descriptor(view, row * rowBytes + compressed.offset, compressed.type, row);
    let pixels: ArrayLike<number | bigint>;
    if (length === 0 && uncompressed !== undefined) {
      const [n, off] = descriptor(view, row * rowBytes + uncompressed.offset, uncompressed.type, row);
      const elem = uncompressed.arrayType ?? "B";
      const bytes = heapSlice(data, heapStart + off, n * typeBytes(elem), row);
      pixels = decodeBigEndian(bytes, elementBitpix(elem), n);
    } else {
      const bytes = heapSlice(data, heapStart + offset, length * typeBytes(compressed.arrayType ?? "B"), row);
      pixels = decodeTile(p, bytes, count, scratch);
    }
    if (pixels.length < count) {
      throw new DecompressionError(`tile ${row + 1} decodes to ${pixels.length} pixels, ${count} expected`);
    }
    placeTile(image, pixels, p.axes, start, size);
  }
  return image;
}

function columnNamed(columns: BinTableColumn[], name: string): BinTableColumn {
  const column = columns.find((c) => c.name === name);
  if (column === undefined) {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `compressed image: no ${name} column among ${columns.map((c) => c.name).join(", ") || "no columns"}`,
    );
  }
  return column;
}

function riceScratch(bytePix: 1 | 2 | 4, count: number): RiceOutput {
  return bytePix === 1
    ? new Uint8Array(count)
    : bytePix === 2
      ? new Int16Array(count)
      : new Int32Array(count);
}

function decodeTile(
  p: TiledImageParameters,
  bytes: Uint8Array,
  count: number,
  scratch: RiceOutput,
): ArrayLike<number | bigint> {
  switch (p.algorithm) {
    case "RICE_1":
    case "RICE_ONE":
      riceDecode(bytes, scratch, count, p.blockSize, p.bytePix);
      return scratch.length === count ? scratch : scratch.subarray(0, count);
    case "GZIP_1":
    case "GZIP_2": {
      const inflated = gunzipTile(bytes, p.algorithm === "GZIP_2" ? Math.abs(p.bitpix) / 8 : 1);
      // cfitsio writes gzip tiles of integer images at the image's own width.
      const width = Math.abs(p.bitpix) / 8;
      return decodeBigEndian(inflated, p.bitpix, Math.floor(inflated.length / width));
    }
    default:
      return decodeBigEndian(bytes, p.bitpix, Math.floor(bytes.length / (Math.abs(p.bitpix) / 8)));
  }
}

function elementBitpix(type: string): Bitpix {
  const map: Record<string, Bitpix> = { B: 8, I: 16, J: 32, K: 64, E: -32, D: -64 };
  const bitpix = map[type];
  if (bitpix === undefined)
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `compressed image: unexpected UNCOMPRESSED_DATA element type ${type}`,
    );
  return bitpix;
}

function descriptor(view: DataView, at: number, type: string, row: number): [number, number] {
  const width = type === "Q" ? 16 : 8;
  if (at + width > view.byteLength) {
    throw new FitsFormatError(
      "TRUNCATED_DATA",
      `compressed image: row ${row + 1} lies beyond the table data (${view.byteLength} bytes)`,
    );
  }
  if (type === "Q") return [Number(view.getBigInt64(at)), Number(view.getBigInt64(at + 8))];
  return [view.getInt32(at), view.getInt32(at + 4)];
}

function heapSlice(data: Uint8Array, start: number, length: number, row: number): Uint8Array {
  if (start < 0 || length < 0 || start + length > data.length) {
    throw new FitsFormatError(
      "TRUNCATED_DATA",
      `compressed image: tile ${row + 1} points at heap bytes ${start}..${start + length}, beyond the data (${data.length} bytes)`,
    );
  }
  return data.subarray(start, start + length);
}

function tileBox(
  row: number,
  axes: readonly number[],
  tile: readonly number[],
  tilesPerAxis: readonly number[],
): { start: number[]; size: number[] } {
  const start: number[] = [];
  const size: number[] = [];
  let rest = row;
  for (let i = 0; i < axes.length; i++) {
    const n = tilesPerAxis[i] as number;
    const index = rest % n;
    rest = Math.floor(rest / n);
    const s = index * (tile[i] as number);
    start.push(s);
    size.push(Math.min(tile[i] as number, (axes[i] as number) - s));
  }
  return { start, size };
}

function placeTile(
  image: RawPixels,
  pixels: ArrayLike<number | bigint>,
  axes: readonly number[],
  start: number[],
  size: number[],
): void {
  const rowLength = size[0] as number;
  const rows = size.slice(1).reduce((a, b) => a * b, 1);
  const position = new Array<number>(axes.length).fill(0);
  const target = image as unknown as {
    set(values: ArrayLike<number | bigint>, offset: number): void;
    length: number;
  };
  const source = pixels as unknown as { subarray?(a: number, b: number): ArrayLike<number | bigint> };
  for (let r = 0; r < rows; r++) {
    let offset = 0;
    let stride = 1;
    for (let i = 0; i < axes.length; i++) {
      offset += ((start[i] as number) + (i === 0 ? 0 : (position[i] as number))) * stride;
      stride *= axes[i] as number;
    }
    const from = r * rowLength;
    const chunk = source.subarray
      ? source.subarray(from, from + rowLength)
      : Array.prototype.slice.call(pixels, from, from + rowLength);
    if (image instanceof BigInt64Array) {
      const values = chunk as ArrayLike<number | bigint>;
      for (let k = 0; k < rowLength; k++) image[offset + k] = BigInt(values[k] as number | bigint);
    } else {
      target.set(chunk as ArrayLike<number>, offset);
    }
    for (let i = 1; i < axes.length; i++) {
      position[i] = (position[i] as number) + 1;
      if ((position[i] as number) < (size[i] as number)) break;
      position[i] = 0;
    }
  }
}
