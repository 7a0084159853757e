import { allocatePixels, decodeBigEndian, type RawPixels } from "./big-endian";
import { type BinTableColumn, binTableColumns, typeBytes } from "./bintable";
import { DecompressionError, FitsFormatError, UnsupportedCompressionError } from "./errors";
import { gunzipTile } from "./gzip-tiles";
import type { Header } from "./header";
import { ditherRandoms, type QuantizeMethod, unquantizeTile } from "./quantize";
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
 * GZIP_1, GZIP_2 and NOCOMPRESS for integer images, lossless float images, and quantized float images
 * (ZSCALE/ZZERO with NO_DITHER or SUBTRACTIVE_DITHER_1/2, restored as cfitsio does); anything else
 * throws UnsupportedCompressionError.
 */
export function decompressTiledImage(table: Header, data: Uint8Array): RawPixels {
  const decoder = tileDecoder(table, data, (start, length, row) => heapSlice(data, start, length, row));
  const { p } = decoder;
  const total = p.axes.reduce((a, b) => a * b, p.axes.length > 0 ? 1 : 0);
  const image = allocatePixels(p.bitpix, total);
  for (let row = 0; row < (total > 0 ? decoder.rows : 0); row++) {
    const { pixels, start, size } = decoder.tile(row);
    placeTile(image, pixels, p.axes, start, size);
  }
  return image;
}

/**
 * Heap bytes of a tile-compressed image's tiles: the table's P/Q descriptors, resolved for some rows.
 * `heapAt(start, length, row)` returns `length` bytes from `start` (bytes from the data unit's start).
 */
export type HeapReader = (start: number, length: number, row: number) => Uint8Array;

/** What a tile decoder knows: the image's parameters and tile grid, and how to decode one tile (table row). */
export interface TileDecoder {
  readonly p: TiledImageParameters;
  /** tiles along each axis */
  readonly tilesPerAxis: readonly number[];
  /** table rows (= tiles) */
  readonly rows: number;
  /** [start, end) bytes from the data unit's start that the tiles of `rows` (0-based) point at; null for none */
  heapSpan(rows: readonly number[]): [number, number] | null;
  /**
   * Decode tile `row` (0-based): its pixels and where it lies (0-based start and size along each axis). The
   * pixels may be a buffer the next call reuses: place them before decoding another tile.
   */
  tile(row: number): { pixels: ArrayLike<number | bigint>; start: number[]; size: number[] };
}

/**
 * A decoder over a tile-compressed image's table rows: `tableRows` holds at least the NAXIS1 × NAXIS2 bytes of
 * the table (the data unit's start); heap bytes come through `heapAt`, so a caller can read only the tiles it
 * needs (readImageRows). Checks the algorithm and the table as decompressTiledImage does.
 */
export function tileDecoder(table: Header, tableRows: Uint8Array, heapAt: HeapReader): TileDecoder {
  const p = tiledImageParameters(table);
  if (!(SUPPORTED_COMPRESSION as readonly string[]).includes(p.algorithm)) {
    throw new UnsupportedCompressionError(
      `unsupported compression ${JSON.stringify(p.algorithm)} for pixels: supported are ${SUPPORTED_COMPRESSION.join(", ")} (headers are read for any algorithm)`,
    );
  }
  const columns = binTableColumns(table);
  const compressed = columnNamed(columns, "COMPRESSED_DATA");
  const uncompressed = columns.find((c) => c.name === "UNCOMPRESSED_DATA");
  const gzipColumn = columns.find((c) => c.name === "GZIP_COMPRESSED_DATA");
  const quantize = p.bitpix < 0 ? quantizeParameters(table, columns) : undefined;
  if (p.bitpix < 0 && quantize === undefined && p.algorithm.startsWith("RICE")) {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `compressed image: RICE float tiles need ZSCALE and ZZERO (quantization)`,
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
  const view = new DataView(tableRows.buffer, tableRows.byteOffset, tableRows.byteLength);
  const total = p.axes.reduce((a, b) => a * b, p.axes.length > 0 ? 1 : 0);
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
  // Quantized float images are stored as 32-bit integer tiles.
  const tileBitpix: Bitpix = quantize ? 32 : p.bitpix;
  const floats = quantize ? new Float64Array(maxTilePixels) : undefined;
  const arrays = [compressed, uncompressed, gzipColumn].filter(
    (c): c is BinTableColumn => c !== undefined && (c.type === "P" || c.type === "Q"),
  );
  return {
    p,
    tilesPerAxis,
    rows,
    heapSpan(wanted) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const row of wanted) {
        for (const c of arrays) {
          const [n, off] = descriptor(view, row * rowBytes + c.offset, c.type, row);
          if (n === 0) continue;
          lo = Math.min(lo, heapStart + off);
          hi = Math.max(hi, heapStart + off + n * typeBytes(c.arrayType ?? "B"));
        }
      }
      return hi > lo ? [lo, hi] : null;
    },
    tile(row) {
      const { start, size } = tileBox(row, p.axes, p.tile, tilesPerAxis);
      const count = size.reduce((a, b) => a * b, 1);
      const [length, offset] = descriptor(view, row * rowBytes + compressed.offset, compressed.type, row);
      let pixels: ArrayLike<number | bigint>;
      const gzipped =
        length === 0 && gzipColumn !== undefined
          ? descriptor(view, row * rowBytes + gzipColumn.offset, gzipColumn.type, row)
          : undefined;
      if (gzipped !== undefined && gzipped[0] > 0) {
        // A tile cfitsio could not quantize (e.g. constant): its floats gzipped losslessly.
        const bytes = heapAt(
          heapStart + gzipped[1],
          gzipped[0] * typeBytes(gzipColumn?.arrayType ?? "B"),
          row,
        );
        const inflated = gunzipTile(bytes);
        pixels = decodeBigEndian(inflated, p.bitpix, Math.floor(inflated.length / (Math.abs(p.bitpix) / 8)));
      } else if (length === 0 && uncompressed !== undefined) {
        const [n, off] = descriptor(view, row * rowBytes + uncompressed.offset, uncompressed.type, row);
        const elem = uncompressed.arrayType ?? "B";
        const bytes = heapAt(heapStart + off, n * typeBytes(elem), row);
        pixels = decodeBigEndian(bytes, elementBitpix(elem), n);
      } else {
        const bytes = heapAt(heapStart + offset, length * typeBytes(compressed.arrayType ?? "B"), row);
        pixels = decodeTile(p, tileBitpix, bytes, count, scratch);
        if (quantize && floats) {
          unquantizeTile(pixels as ArrayLike<number>, count, floats, {
            ...quantize,
            scale: readDouble(view, row * rowBytes, quantize.scaleColumn, 1),
            zero: readDouble(view, row * rowBytes, quantize.zeroColumn, 0),
            blank: quantize.blankColumn
              ? view.getInt32(row * rowBytes + quantize.blankColumn.offset)
              : quantize.blank,
            tile: row + 1,
          });
          pixels = floats.subarray(0, count);
        }
      }
      if (pixels.length < count) {
        throw new DecompressionError(`tile ${row + 1} decodes to ${pixels.length} pixels, ${count} expected`);
      }
      return { pixels, start, size };
    },
  };
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

interface QuantizeParameters {
  method: QuantizeMethod;
  zdither0: number;
  randoms: Float32Array;
  blank: number | undefined;
  scaleColumn: BinTableColumn | undefined;
  zeroColumn: BinTableColumn | undefined;
  blankColumn: BinTableColumn | undefined;
}

// Quantized float tiles: ZSCALE/ZZERO (and optionally ZBLANK) per row, ZQUANTIZ and ZDITHER0 keywords.
function quantizeParameters(table: Header, columns: BinTableColumn[]): QuantizeParameters | undefined {
  const scaleColumn = columns.find((c) => c.name === "ZSCALE");
  const zeroColumn = columns.find((c) => c.name === "ZZERO");
  if (scaleColumn === undefined && zeroColumn === undefined && !table.has("ZSCALE")) return undefined;
  const method = (table.getString("ZQUANTIZ") ?? "NO_DITHER").trim().toUpperCase();
  if (method !== "NO_DITHER" && method !== "SUBTRACTIVE_DITHER_1" && method !== "SUBTRACTIVE_DITHER_2") {
    throw new UnsupportedCompressionError(
      `unsupported compression: ZQUANTIZ ${JSON.stringify(method)} is not a known quantization method`,
    );
  }
  const blank = table.getInteger("ZBLANK");
  return {
    method,
    zdither0: Number(table.getInteger("ZDITHER0") ?? 1n),
    randoms: ditherRandoms(),
    blank: blank === undefined ? undefined : Number(blank),
    scaleColumn,
    zeroColumn,
    blankColumn: columns.find((c) => c.name === "ZBLANK"),
  };
}

function readDouble(
  view: DataView,
  rowStart: number,
  column: BinTableColumn | undefined,
  fallback: number,
): number {
  if (column === undefined) return fallback;
  return column.type === "E"
    ? view.getFloat32(rowStart + column.offset)
    : view.getFloat64(rowStart + column.offset);
}

function decodeTile(
  p: TiledImageParameters,
  tileBitpix: Bitpix,
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
      // cfitsio writes gzip tiles at the pixel width of the tile (the image's, or 32 bits when quantized).
      const width = Math.abs(tileBitpix) / 8;
      const inflated = gunzipTile(bytes, p.algorithm === "GZIP_2" ? width : 1);
      return decodeBigEndian(inflated, tileBitpix, Math.floor(inflated.length / width));
    }
    default:
      return decodeBigEndian(bytes, tileBitpix, Math.floor(bytes.length / (Math.abs(tileBitpix) / 8)));
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

/** Copy a decoded tile into `image` (of size `axes`) at `start` (0-based along each axis). */
export function placeTile(
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
