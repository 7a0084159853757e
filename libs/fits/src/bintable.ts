import { FitsFormatError } from "./errors";
import type { Header } from "./header";

/** One binary-table column: its name, TFORM, byte offset within a row, and width in bytes. */
export interface BinTableColumn {
  readonly index: number;
  readonly name: string;
  readonly tform: string;
  /** Type letter (L, X, B, I, J, K, A, E, D, C, M, P, Q). */
  readonly type: string;
  readonly repeat: number;
  /** For P/Q (variable-length arrays): the element type letter. */
  readonly arrayType?: string;
  readonly offset: number;
  readonly width: number;
}

const TYPE_BYTES: Readonly<Record<string, number>> = {
  L: 1,
  B: 1,
  I: 2,
  J: 4,
  K: 8,
  A: 1,
  E: 4,
  D: 8,
  C: 8,
  M: 16,
  P: 8,
  Q: 16,
};
const TFORM_RE = /^\s*(\d*)\s*([LXBIJKAEDCMPQ])\s*([LXBIJKAEDCM])?/i;

/** Bytes per element of a binary-table type letter (X: bits rounded up per column, handled by the caller). */
export function typeBytes(type: string): number {
  return TYPE_BYTES[type.toUpperCase()] ?? 1;
}

/** Parse the TTYPEn/TFORMn columns of a binary-table header into names, offsets and widths. */
export function binTableColumns(header: Header): BinTableColumn[] {
  const count = Number(header.getInteger("TFIELDS") ?? 0n);
  const columns: BinTableColumn[] = [];
  let offset = 0;
  for (let i = 1; i <= count; i++) {
    const tform = header.getString(`TFORM${i}`) ?? "";
    const m = TFORM_RE.exec(tform);
    if (m === null) {
      throw new FitsFormatError(
        "BAD_STRUCTURE",
        `binary table column ${i}: TFORM${i} ${JSON.stringify(tform)} is not a valid TFORM`,
      );
    }
    const repeat = m[1] === "" ? 1 : Number(m[1]);
    const type = (m[2] as string).toUpperCase();
    const width = type === "X" ? Math.ceil(repeat / 8) : repeat * typeBytes(type);
    columns.push({
      index: i,
      name: (header.getString(`TTYPE${i}`) ?? "").trim().toUpperCase(),
      tform,
      type,
      repeat,
      arrayType: m[3]?.toUpperCase(),
      offset,
      width,
    });
    offset += width;
  }
  return columns;
}
