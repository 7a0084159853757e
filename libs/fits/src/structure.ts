import { BLOCK_SIZE } from "./constants";
import { FitsFormatError, FitsLimitError } from "./errors";
import type { Header } from "./header";

/** The BITPIX values FITS allows: unsigned 8-bit, signed 16/32/64-bit integers, IEEE 32/64-bit floats. */
export const VALID_BITPIX = [8, 16, 32, 64, -32, -64] as const;
export type Bitpix = (typeof VALID_BITPIX)[number];

/** Size facts of an HDU, from its structural keywords. */
export interface HduStructure {
  readonly bitpix: Bitpix;
  /** NAXIS1..NAXISn (NAXIS1 varies fastest). */
  readonly axes: readonly number[];
  readonly pcount: number;
  readonly gcount: number;
  /** Declared data size in bytes, without block padding. */
  readonly dataBytes: number;
}

/** Round a byte count up to whole 2880-byte blocks. */
export function padToBlock(bytes: number): number {
  return Math.ceil(bytes / BLOCK_SIZE) * BLOCK_SIZE;
}

function integerOf(header: Header, keyword: string, where: string, fallback?: bigint): bigint {
  const value = header.card(keyword)?.value;
  if (value === undefined && fallback !== undefined) return fallback;
  if (value?.type !== "integer") {
    const got =
      value === undefined
        ? "nothing"
        : `${value.type} ${JSON.stringify(String("value" in value ? value.value : ""))}`;
    throw new FitsFormatError("BAD_STRUCTURE", `${where}: ${keyword} must be an integer, got ${got}`);
  }
  return value.value;
}

/**
 * Read BITPIX, NAXIS, NAXISn, PCOUNT and GCOUNT and compute the data size (astropy's rule:
 * |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1×…×NAXISn), 0 when NAXIS is 0; random groups skip NAXIS1 = 0).
 * Throws FitsFormatError BAD_STRUCTURE on missing or impossible values and FitsLimitError DATA_TOO_LARGE
 * when the size exceeds 2^53 bytes.
 */
export function hduStructure(header: Header, where: string): HduStructure {
  const bitpix = Number(integerOf(header, "BITPIX", where));
  if (!(VALID_BITPIX as readonly number[]).includes(bitpix)) {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `${where}: BITPIX must be one of ${VALID_BITPIX.join(", ")}, got ${bitpix}`,
    );
  }
  const naxis = integerOf(header, "NAXIS", where);
  if (naxis < 0n || naxis > 999n) {
    throw new FitsFormatError("BAD_STRUCTURE", `${where}: NAXIS must be between 0 and 999, got ${naxis}`);
  }
  const axes: bigint[] = [];
  for (let i = 1; i <= Number(naxis); i++) {
    const n = integerOf(header, `NAXIS${i}`, where);
    if (n < 0n)
      throw new FitsFormatError("BAD_STRUCTURE", `${where}: NAXIS${i} must not be negative, got ${n}`);
    axes.push(n);
  }
  const pcount = integerOf(header, "PCOUNT", where, 0n);
  const gcount = integerOf(header, "GCOUNT", where, 1n);
  if (pcount < 0n || gcount < 0n) {
    throw new FitsFormatError(
      "BAD_STRUCTURE",
      `${where}: PCOUNT and GCOUNT must not be negative, got ${pcount} and ${gcount}`,
    );
  }
  let size = 0n;
  if (axes.length > 0) {
    const groups = header.card("GROUPS")?.value;
    const randomGroups = axes[0] === 0n && groups?.type === "logical" && groups.value;
    const product = (randomGroups ? axes.slice(1) : axes).reduce((a, b) => a * b, 1n);
    size = (BigInt(Math.abs(bitpix)) * gcount * (pcount + product)) / 8n;
  }
  if (size > BigInt(Number.MAX_SAFE_INTEGER) || axes.some((n) => n > BigInt(Number.MAX_SAFE_INTEGER))) {
    throw new FitsLimitError(
      "DATA_TOO_LARGE",
      `${where}: declared data size ${size} bytes is beyond 2^53 bytes`,
    );
  }
  return {
    bitpix: bitpix as Bitpix,
    axes: axes.map(Number),
    pcount: Number(pcount),
    gcount: Number(gcount),
    dataBytes: Number(size),
  };
}
