import { TIFF_TYPE_SIZE, TiffType } from "@panoptes/cr2";

/** One entry to write: its type and its values (numbers, rationals as [num, den] pairs, or ASCII text). */
export interface IfdEntrySpec {
  tag: number;
  type: number;
  /** Numbers for integer types; [numerator, denominator] pairs for RATIONAL; bytes for UNDEFINED; text for ASCII. */
  value: readonly number[] | readonly (readonly [number, number])[] | Uint8Array | string;
}

/** Little-endian encoding of an entry value; returns the bytes and the TIFF count. */
export function encodeEntryValue(spec: IfdEntrySpec): { bytes: Uint8Array; count: number } {
  const { type, value } = spec;
  if (typeof value === "string") {
    const bytes = new Uint8Array(value.length + 1);
    for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i) & 0xff;
    return { bytes, count: bytes.length };
  }
  if (value instanceof Uint8Array) return { bytes: value, count: value.length };
  const size = TIFF_TYPE_SIZE[type] ?? 1;
  const bytes = new Uint8Array(size * value.length);
  const view = new DataView(bytes.buffer);
  value.forEach((v, i) => {
    if (type === TiffType.RATIONAL || type === TiffType.SRATIONAL) {
      const [n, d] = Array.isArray(v) ? (v as [number, number]) : [v as number, 1];
      view.setUint32(8 * i, n >>> 0, true);
      view.setUint32(8 * i + 4, d >>> 0, true);
    } else if (size === 1) view.setUint8(i, (v as number) & 0xff);
    else if (size === 2) view.setUint16(2 * i, (v as number) & 0xffff, true);
    else view.setUint32(4 * i, (v as number) >>> 0, true);
  });
  return { bytes, count: value.length };
}

/** Size in bytes of an IFD with these entries, including its out-of-line values (each padded to even length). */
export function ifdByteLength(entries: readonly IfdEntrySpec[]): number {
  let size = 2 + 12 * entries.length + 4;
  for (const e of entries) {
    const { bytes } = encodeEntryValue(e);
    if (bytes.length > 4) size += bytes.length + (bytes.length & 1);
  }
  return size;
}

/**
 * Writes a little-endian IFD at `offset` in `out` (entries sorted by tag as TIFF requires), its out-of-line
 * values right after the entry table, and `next` as the next-IFD offset. Returns the end offset.
 */
export function writeIfd(
  out: Uint8Array,
  offset: number,
  entries: readonly IfdEntrySpec[],
  next: number,
): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  view.setUint16(offset, sorted.length, true);
  let extra = offset + 2 + 12 * sorted.length + 4;
  sorted.forEach((e, i) => {
    const at = offset + 2 + 12 * i;
    const { bytes, count } = encodeEntryValue(e);
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    view.setUint32(at + 4, count, true);
    if (bytes.length <= 4) out.set(bytes, at + 8);
    else {
      view.setUint32(at + 8, extra, true);
      out.set(bytes, extra);
      extra += bytes.length + (bytes.length & 1);
    }
  });
  view.setUint32(offset + 2 + 12 * sorted.length, next, true);
  return extra;
}
