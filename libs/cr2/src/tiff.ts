import { TiffFormatError } from "./errors";

/** TIFF field types (TIFF 6.0 section 2, plus the TIFF-EP/EXIF additions), value = size of one element in bytes. */
export const TIFF_TYPE_SIZE: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
};

/** TIFF field type numbers used by this library. */
export const TiffType = {
  BYTE: 1,
  ASCII: 2,
  SHORT: 3,
  LONG: 4,
  RATIONAL: 5,
  SBYTE: 6,
  UNDEFINED: 7,
  SSHORT: 8,
  SLONG: 9,
  SRATIONAL: 10,
  FLOAT: 11,
  DOUBLE: 12,
  IFD: 13,
} as const;

/** One IFD entry: `valueOffset` is the absolute byte offset of the value (inline values point into the entry). */
export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  valueOffset: number;
  /** Byte length of the value (count × element size). */
  byteLength: number;
}

/** One image file directory: its entries by tag, and the offset of the next IFD (0 at the end of a chain). */
export interface TiffIfd {
  offset: number;
  entries: Map<number, TiffEntry>;
  next: number;
}

/** A TIFF numerator/denominator pair as stored. */
export interface Rational {
  numerator: number;
  denominator: number;
}

/**
 * Random-access reader of a TIFF structure held in memory. Offsets are absolute within `bytes`, as in CR2
 * (whose MakerNote offsets are also relative to the TIFF header at byte 0).
 */
export class TiffReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly littleEndian: boolean;

  /** Checks the byte-order mark ("II" or "MM") and the magic 42. */
  constructor(bytes: Uint8Array) {
    if (bytes.length < 8) {
      throw new TiffFormatError(`a TIFF file needs at least 8 header bytes, received ${bytes.length}`);
    }
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const order = this.view.getUint16(0, false);
    if (order === 0x4949) this.littleEndian = true;
    else if (order === 0x4d4d) this.littleEndian = false;
    else {
      throw new TiffFormatError(
        `TIFF byte-order mark must be "II" or "MM", received 0x${order.toString(16).padStart(4, "0")}`,
      );
    }
    const magic = this.u16(2);
    if (magic !== 42) throw new TiffFormatError(`TIFF magic number must be 42, received ${magic}`);
  }

  /** Offset of IFD0, from the header. */
  get firstIfdOffset(): number {
    return this.u32(4);
  }

  u8(offset: number): number {
    this.check(offset, 1);
    return this.bytes[offset] ?? 0;
  }
  u16(offset: number): number {
    this.check(offset, 2);
    return this.view.getUint16(offset, this.littleEndian);
  }
  i16(offset: number): number {
    this.check(offset, 2);
    return this.view.getInt16(offset, this.littleEndian);
  }
  u32(offset: number): number {
    this.check(offset, 4);
    return this.view.getUint32(offset, this.littleEndian);
  }
  i32(offset: number): number {
    this.check(offset, 4);
    return this.view.getInt32(offset, this.littleEndian);
  }

  private check(offset: number, length: number): void {
    if (offset < 0 || offset + length > this.bytes.length) {
      throw new TiffFormatError(
        `read of ${length} bytes at offset ${offset} is outside the file of ${this.bytes.length} bytes`,
      );
    }
  }

  /** Reads the IFD at `offset` (2-byte count, 12-byte entries, 4-byte next offset). */
  readIfd(offset: number): TiffIfd {
    if (offset < 8 || offset + 2 > this.bytes.length) {
      throw new TiffFormatError(`IFD offset ${offset} is outside the file of ${this.bytes.length} bytes`);
    }
    const count = this.u16(offset);
    const end = offset + 2 + count * 12;
    if (end + 4 > this.bytes.length) {
      throw new TiffFormatError(
        `IFD at offset ${offset} declares ${count} entries, which run past the end of the file (${this.bytes.length} bytes)`,
      );
    }
    const entries = new Map<number, TiffEntry>();
    for (let i = 0; i < count; i++) {
      const at = offset + 2 + i * 12;
      const tag = this.u16(at);
      const type = this.u16(at + 2);
      const n = this.u32(at + 4);
      const size = TIFF_TYPE_SIZE[type];
      if (size === undefined) continue; // unknown types are skipped, as TIFF readers must
      const byteLength = size * n;
      const valueOffset = byteLength <= 4 ? at + 8 : this.u32(at + 8);
      entries.set(tag, { tag, type, count: n, valueOffset, byteLength });
    }
    return { offset, entries, next: this.u32(end) };
  }

  /**
   * Reads the chain of IFDs starting at `offset` (at most `limit`, guarding against loops). The first IFD must
   * be readable; the chain stops quietly at a later IFD that lies outside the file (truncated files).
   */
  readIfdChain(offset: number, limit = 16): TiffIfd[] {
    const out: TiffIfd[] = [];
    const seen = new Set<number>();
    let at = offset;
    while (at !== 0 && out.length < limit && !seen.has(at)) {
      seen.add(at);
      let ifd: TiffIfd;
      try {
        ifd = this.readIfd(at);
      } catch (e) {
        if (out.length === 0) throw e;
        break;
      }
      out.push(ifd);
      at = ifd.next;
    }
    return out;
  }

  /** True when the entry's value lies inside the file. */
  inFile(entry: TiffEntry): boolean {
    return entry.valueOffset >= 0 && entry.valueOffset + entry.byteLength <= this.bytes.length;
  }

  /** Numeric values of an entry (integers as stored, rationals as numerator/denominator, floats). */
  numbers(entry: TiffEntry): number[] {
    if (!this.inFile(entry)) return [];
    const out: number[] = [];
    const o = entry.valueOffset;
    for (let i = 0; i < entry.count; i++) {
      switch (entry.type) {
        case TiffType.BYTE:
        case TiffType.UNDEFINED:
        case TiffType.ASCII:
          out.push(this.u8(o + i));
          break;
        case TiffType.SBYTE:
          out.push(this.view.getInt8(o + i));
          break;
        case TiffType.SHORT:
          out.push(this.u16(o + 2 * i));
          break;
        case TiffType.SSHORT:
          out.push(this.i16(o + 2 * i));
          break;
        case TiffType.LONG:
        case TiffType.IFD:
          out.push(this.u32(o + 4 * i));
          break;
        case TiffType.SLONG:
          out.push(this.i32(o + 4 * i));
          break;
        case TiffType.RATIONAL: {
          const d = this.u32(o + 8 * i + 4);
          out.push(d === 0 ? NaN : this.u32(o + 8 * i) / d);
          break;
        }
        case TiffType.SRATIONAL: {
          const d = this.i32(o + 8 * i + 4);
          out.push(d === 0 ? NaN : this.i32(o + 8 * i) / d);
          break;
        }
        case TiffType.FLOAT:
          out.push(this.view.getFloat32(o + 4 * i, this.littleEndian));
          break;
        case TiffType.DOUBLE:
          out.push(this.view.getFloat64(o + 8 * i, this.littleEndian));
          break;
      }
    }
    return out;
  }

  /** Rational values of an entry as stored (numerator and denominator). */
  rationals(entry: TiffEntry): Rational[] {
    if (!this.inFile(entry) || (entry.type !== TiffType.RATIONAL && entry.type !== TiffType.SRATIONAL))
      return [];
    const signed = entry.type === TiffType.SRATIONAL;
    const out: Rational[] = [];
    for (let i = 0; i < entry.count; i++) {
      const at = entry.valueOffset + 8 * i;
      out.push({
        numerator: signed ? this.i32(at) : this.u32(at),
        denominator: signed ? this.i32(at + 4) : this.u32(at + 4),
      });
    }
    return out;
  }

  /** ASCII value of an entry, up to the first NUL, with trailing spaces removed. */
  string(entry: TiffEntry): string {
    if (!this.inFile(entry)) return "";
    let end = entry.valueOffset;
    const stop = entry.valueOffset + entry.count;
    while (end < stop && this.bytes[end] !== 0) end++;
    return latin1(this.bytes.subarray(entry.valueOffset, end)).replace(/\s+$/, "");
  }

  /** Raw bytes of an entry's value (a view, not a copy). */
  raw(entry: TiffEntry): Uint8Array {
    if (!this.inFile(entry)) return new Uint8Array(0);
    return this.bytes.subarray(entry.valueOffset, entry.valueOffset + entry.byteLength);
  }
}

/** Decodes bytes as ISO-8859-1 (one character per byte). */
export function latin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
