import { BLOCK_SIZE, CARD_LENGTH, DEFAULT_MAX_HEADER_BYTES } from "./constants";
import type { ByteSource } from "./byte-source";
import { imageHeaderFromCompressed, isCompressedImageHeader } from "./compressed-header";
import { FitsError, FitsFormatError, FitsLimitError } from "./errors";
import type { Finding } from "./finding";
import type { Header } from "./header";
import { decodeLatin1, parseCardImages } from "./header-parse";
import { type HduStructure, hduStructure, padToBlock } from "./structure";

/** Default read-ahead: blocks fetched per request while looking for END (see README: requests and bytes). */
export const DEFAULT_READ_AHEAD_BLOCKS = 2;

/** Options of readHeader / readHdu. */
export interface ReadHeaderOptions {
  /** HDU index (0 = primary), or "image": 1 when HDU 1 is a tile-compressed image, else 0. Default 0. */
  readonly hdu?: number | "image";
  /** Hard bound on one header's size in bytes; no END within it → FitsLimitError HEADER_TOO_LARGE. */
  readonly maxHeaderBytes?: number;
  /** 2880-byte blocks fetched per request while reading a header (default 2: at most one block beyond END). */
  readonly readAheadBlocks?: number;
}

/** One HDU located in a file: where its header and data are, its header as stored, and its sizes. */
export interface HduLocation {
  readonly index: number;
  /** Byte offset of the first header card. */
  readonly headerStart: number;
  /** Header size in bytes, padding included. */
  readonly headerBytes: number;
  /** Byte offset of the data unit (headerStart + headerBytes). */
  readonly dataStart: number;
  /** Header exactly as stored (for a compressed image: the binary-table header). */
  readonly storedHeader: Header;
  /** Sizes from BITPIX/NAXISn/PCOUNT/GCOUNT; all zero when structureError is set. */
  readonly structure: HduStructure;
  /** Why the structural keywords are unusable; thrown when the data must be skipped or read. */
  readonly structureError?: FitsError;
  readonly findings: readonly Finding[];
}

/** A header as astropy's `fits.getheader(file, ext)` presents it, plus where it came from. */
export interface ReadHeaderResult {
  /** The header: for a tile-compressed image, the image header astropy shows (Z* translated). */
  readonly header: Header;
  /** The HDU index that was read. */
  readonly hdu: number;
  /** True when the HDU is a tile-compressed image (ZIMAGE = T). */
  readonly compressed: boolean;
  readonly location: HduLocation;
  readonly findings: readonly Finding[];
}

/** Reads 2880-byte blocks through a one-window cache, so read-ahead bytes are reused by the next header. */
class BlockReader {
  private cacheStart = 0;
  private cacheRequestedEnd = 0;
  private cache: Uint8Array = new Uint8Array(0);
  constructor(
    private readonly source: ByteSource,
    private readonly readAhead: number,
  ) {}

  /** The block at `offset` (shorter or empty at the end of the file); fetches readAhead blocks, never past maxEnd. */
  async block(offset: number, maxEnd: number): Promise<Uint8Array> {
    if (offset < this.cacheStart || offset + BLOCK_SIZE > this.cacheRequestedEnd) {
      let end = Math.min(offset + this.readAhead * BLOCK_SIZE, Math.max(maxEnd, offset + BLOCK_SIZE));
      if (this.source.size !== undefined) end = Math.min(end, Math.max(offset, this.source.size));
      if (end <= offset) return new Uint8Array(0);
      this.cache = await this.source.read(offset, end);
      this.cacheStart = offset;
      this.cacheRequestedEnd = end;
    }
    const start = Math.min(offset - this.cacheStart, this.cache.length);
    return this.cache.subarray(start, Math.min(start + BLOCK_SIZE, this.cache.length));
  }
}

async function readHduAt(
  reader: BlockReader,
  source: ByteSource,
  index: number,
  headerStart: number,
  maxHeaderBytes: number,
): Promise<HduLocation> {
  const where = `HDU ${index} at byte ${headerStart}`;
  // Blocks are kept as bytes and decoded once at the end: appending to one string per block and
  // scanning it made reading quadratic in the header size.
  const chunks: Uint8Array[] = [];
  let bytesSoFar = 0;
  let end = -1;
  for (let block = 0; end < 0; block++) {
    if ((block + 1) * BLOCK_SIZE > maxHeaderBytes) {
      throw new FitsLimitError(
        "HEADER_TOO_LARGE",
        `${where}: no END card within ${maxHeaderBytes} bytes (the maxHeaderBytes bound); reading stopped`,
      );
    }
    const bytes = await reader.block(headerStart + block * BLOCK_SIZE, headerStart + maxHeaderBytes);
    if (bytes.length === 0) {
      if (block > 0) {
        throw new FitsFormatError(
          "NO_END_CARD",
          `${where}: file ends after ${block * BLOCK_SIZE} header bytes (whole blocks) and none holds an END card`,
        );
      }
      if (index === 0)
        throw new FitsFormatError(
          "EMPTY_FILE",
          "file is empty: a FITS file starts with a 2880-byte header block",
        );
      throw new FitsFormatError(
        "HDU_NOT_FOUND",
        `HDU ${index} does not exist: the file ends at byte ${headerStart}`,
      );
    }
    if (block === 0) checkFirstCard(decodeLatin1(bytes.subarray(0, CARD_LENGTH)), index, where);
    chunks.push(bytes);
    const endInBlock = findEndCardInBytes(bytes);
    if (endInBlock >= 0) end = bytesSoFar / CARD_LENGTH + endInBlock;
    bytesSoFar += bytes.length;
    if (end < 0 && bytes.length < BLOCK_SIZE) {
      throw new FitsFormatError(
        "TRUNCATED_HEADER",
        `${where}: file ends after ${block * BLOCK_SIZE + bytes.length} header bytes without an END card`,
      );
    }
  }
  const text = decodeLatin1(
    chunks.length === 1 ? (chunks[0] as Uint8Array) : concatBytes(chunks, bytesSoFar),
  );
  const { header, findings } = parseCardImages(text, end);
  const headerBytes = padToBlock((end + 1) * CARD_LENGTH);
  const location = {
    index,
    headerStart,
    headerBytes,
    dataStart: headerStart + headerBytes,
    storedHeader: header,
  };
  try {
    return { ...location, structure: hduStructure(header, where), findings };
  } catch (error) {
    // Lenient for the header itself: the problem is a finding, and an error only when the data is needed.
    if (!(error instanceof FitsError)) throw error;
    const finding: Finding = { code: "BAD_STRUCTURE", message: error.message };
    const structure = { bitpix: 8 as const, axes: [], pcount: 0, gcount: 1, dataBytes: 0 };
    return { ...location, structure, structureError: error, findings: [...findings, finding] };
  }
}

function concatBytes(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The index of the END card among the cards of `bytes` (astropy's rule, as isEndCard), or -1. */
function findEndCardInBytes(bytes: Uint8Array): number {
  for (let offset = 0; offset + 3 <= bytes.length; offset += CARD_LENGTH) {
    if (bytes[offset] !== 69 || bytes[offset + 1] !== 78 || bytes[offset + 2] !== 68) continue;
    if (offset + 3 === bytes.length) return offset / CARD_LENGTH;
    const next = bytes[offset + 3] as number;
    const keywordChar =
      (next >= 65 && next <= 90) || (next >= 48 && next <= 57) || next === 95 || next === 45;
    if (!keywordChar) return offset / CARD_LENGTH;
  }
  return -1;
}

function checkFirstCard(text: string, index: number, where: string): void {
  const keyword = text.slice(0, 8);
  const expected = index === 0 ? "SIMPLE  " : "XTENSION";
  if (keyword !== expected) {
    const shown = JSON.stringify(text.slice(0, 20).replace(/[^ -~]/g, "?"));
    throw new FitsFormatError(
      "NOT_FITS",
      index === 0
        ? `not a FITS file: it must start with the card SIMPLE = T, but starts with ${shown}`
        : `${where}: an extension header must start with XTENSION, but starts with ${shown}`,
    );
  }
}

/**
 * Locate HDU `index` by reading each header before it and skipping its data by the declared size.
 * Fetches only header blocks (readAheadBlocks per request); never data. Throws FitsError subclasses
 * (EMPTY_FILE, NOT_FITS, TRUNCATED_HEADER, HEADER_TOO_LARGE, BAD_STRUCTURE, HDU_NOT_FOUND, TRUNCATED_DATA).
 */
export async function locateHdu(
  source: ByteSource,
  index: number,
  options: ReadHeaderOptions = {},
): Promise<HduLocation> {
  return locate(source, index, options, new BlockReader(source, readAheadOf(options)));
}

function readAheadOf(options: ReadHeaderOptions): number {
  return Math.max(1, Math.floor(options.readAheadBlocks ?? DEFAULT_READ_AHEAD_BLOCKS));
}

async function locate(
  source: ByteSource,
  index: number,
  options: ReadHeaderOptions,
  reader: BlockReader,
  from?: HduLocation,
): Promise<HduLocation> {
  if (!Number.isInteger(index) || index < 0) {
    throw new FitsFormatError("HDU_NOT_FOUND", `HDU index must be a non-negative integer, got ${index}`);
  }
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  let hdu = from ?? (await readHduAt(reader, source, 0, 0, maxHeaderBytes));
  while (hdu.index < index) {
    if (hdu.structureError) throw hdu.structureError;
    const next = hdu.dataStart + padToBlock(hdu.structure.dataBytes);
    if (source.size !== undefined && next > source.size) {
      if (hdu.dataStart + hdu.structure.dataBytes > source.size) {
        throw new FitsFormatError(
          "TRUNCATED_DATA",
          `HDU ${hdu.index} declares ${hdu.structure.dataBytes} data bytes from byte ${hdu.dataStart}, but the file ends at byte ${source.size}`,
        );
      }
    }
    if (source.size !== undefined && next >= source.size) {
      throw new FitsFormatError(
        "HDU_NOT_FOUND",
        `HDU ${hdu.index + 1} does not exist: the file has ${hdu.index + 1} HDU(s)`,
      );
    }
    hdu = await readHduAt(reader, source, hdu.index + 1, next, maxHeaderBytes);
  }
  return hdu;
}

/**
 * Read one header, as `fits.getheader(file, ext)` of astropy 5.2 returns it, fetching only header
 * blocks through `source` (a few ranged requests; never the data). `hdu: "image"` reads HDU 1 when it
 * is a tile-compressed image (fpack's .fz layout) and HDU 0 otherwise.
 */
export async function readHeader(
  source: ByteSource,
  options: ReadHeaderOptions = {},
): Promise<ReadHeaderResult> {
  const reader = new BlockReader(source, readAheadOf(options));
  const wanted = options.hdu ?? 0;
  let location: HduLocation;
  if (wanted === "image") {
    const primary = await locate(source, 0, options, reader);
    location = primary;
    try {
      const second = await locate(source, 1, options, reader, primary);
      if (isCompressedImageHeader(second.storedHeader)) location = second;
    } catch (error) {
      const noSecond = error instanceof FitsError && error.code === "HDU_NOT_FOUND";
      if (!noSecond && primary.structure.axes.length === 0) throw error;
    }
  } else {
    location = await locate(source, wanted, options, reader);
  }
  const compressed = location.index > 0 && isCompressedImageHeader(location.storedHeader);
  return {
    header: compressed ? imageHeaderFromCompressed(location.storedHeader) : location.storedHeader.clone(),
    hdu: location.index,
    compressed,
    location,
    findings: location.findings,
  };
}
