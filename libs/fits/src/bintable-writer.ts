import { BLOCK_SIZE } from "./constants";
import type { Card } from "./card-parse";
import { FitsWriteError } from "./errors";
import { Header, normalizeKeyword } from "./header";
import { formatHeader } from "./writer";
import { integer, logical, string } from "./value";

/** Column types writeBinTable writes: E float32, D float64, J int32 (one value per row each). */
export type BinTableColumnType = "E" | "D" | "J";

/** One column of a binary table to write: its TTYPE name, TFORM type letter and one value per row. */
export interface BinTableColumnData {
  readonly name: string;
  readonly type: BinTableColumnType;
  readonly values: ArrayLike<number>;
  /** TUNIT, when the values have a unit. */
  readonly unit?: string;
}

const WIDTH: Readonly<Record<BinTableColumnType, number>> = { E: 4, D: 8, J: 4 };
const STRUCTURAL =
  /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|TFIELDS|TTYPE\d+|TFORM\d+|TUNIT\d+|END)$/;

/**
 * A FITS file of an empty primary HDU and one BINTABLE extension with the given columns (one scalar
 * per row each, big-endian), then the caller's extension cards (structural keywords dropped). Every
 * column must hold the same number of rows. Readable by astropy and by astrometry.net's xylist reader.
 */
export function writeBinTable(options: {
  columns: readonly BinTableColumnData[];
  header?: Header | readonly Card[];
  extname?: string;
}): Uint8Array {
  const { columns } = options;
  if (columns.length === 0)
    throw new FitsWriteError("INVALID_IMAGE", "a binary table needs at least one column");
  const rows = columns[0]!.values.length;
  for (const c of columns) {
    if (c.values.length !== rows) {
      throw new FitsWriteError(
        "INVALID_VALUE",
        `column ${c.name} holds ${c.values.length} values, but column ${columns[0]!.name} holds ${rows}`,
      );
    }
  }
  const rowBytes = columns.reduce((n, c) => n + WIDTH[c.type], 0);
  const cards: Card[] = [
    { keyword: "XTENSION", value: string("BINTABLE"), comment: "binary table extension" },
    { keyword: "BITPIX", value: integer(8), comment: "array data type" },
    { keyword: "NAXIS", value: integer(2), comment: "number of array dimensions" },
    { keyword: "NAXIS1", value: integer(rowBytes), comment: "length of dimension 1" },
    { keyword: "NAXIS2", value: integer(rows), comment: "length of dimension 2" },
    { keyword: "PCOUNT", value: integer(0), comment: "number of group parameters" },
    { keyword: "GCOUNT", value: integer(1), comment: "number of groups" },
    { keyword: "TFIELDS", value: integer(columns.length), comment: "number of table fields" },
  ];
  columns.forEach((c, i) => {
    cards.push({ keyword: `TTYPE${i + 1}`, value: string(c.name), comment: "" });
    cards.push({ keyword: `TFORM${i + 1}`, value: string(`1${c.type}`), comment: "" });
    if (c.unit !== undefined) cards.push({ keyword: `TUNIT${i + 1}`, value: string(c.unit), comment: "" });
  });
  if (options.extname !== undefined)
    cards.push({ keyword: "EXTNAME", value: string(options.extname), comment: "" });
  const user = options.header instanceof Header ? options.header.cards : (options.header ?? []);
  for (const card of user) if (!STRUCTURAL.test(normalizeKeyword(card.keyword))) cards.push(card);

  const primary = formatHeader([
    { keyword: "SIMPLE", value: logical(true), comment: "conforms to FITS standard" },
    { keyword: "BITPIX", value: integer(8), comment: "array data type" },
    { keyword: "NAXIS", value: integer(0), comment: "number of array dimensions" },
    { keyword: "EXTEND", value: logical(true), comment: "" },
  ]);
  const header = formatHeader(cards);
  const dataBytes = rowBytes * rows;
  const out = new Uint8Array(primary.length + header.length + Math.ceil(dataBytes / BLOCK_SIZE) * BLOCK_SIZE);
  out.set(primary, 0);
  out.set(header, primary.length);
  const view = new DataView(out.buffer, primary.length + header.length, dataBytes);
  for (let r = 0; r < rows; r++) {
    let offset = r * rowBytes;
    for (const c of columns) {
      const v = c.values[r] as number;
      if (c.type === "E") view.setFloat32(offset, v, false);
      else if (c.type === "D") view.setFloat64(offset, v, false);
      else view.setInt32(offset, v, false);
      offset += WIDTH[c.type];
    }
  }
  return out;
}
