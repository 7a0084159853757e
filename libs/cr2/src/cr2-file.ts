import { TiffReader, type TiffIfd } from "./tiff";

/** TIFF tags of the CR2 structure that this library reads. */
export const Cr2Tag = {
  ImageWidth: 0x0100,
  ImageHeight: 0x0101,
  BitsPerSample: 0x0102,
  Compression: 0x0103,
  Make: 0x010f,
  Model: 0x0110,
  StripOffsets: 0x0111,
  StripByteCounts: 0x0117,
  ExifIfd: 0x8769,
  Cr2Slices: 0xc640,
} as const;

/** The parsed TIFF skeleton of a CR2: the IFD0 chain and where the raw IFD is. */
export interface Cr2Structure {
  tiff: TiffReader;
  /** IFD0, IFD1, ... following the next-IFD links. */
  ifds: TiffIfd[];
  /** True when bytes 8-9 hold the "CR" signature. */
  isCr2: boolean;
  /** CR2 major.minor version from bytes 10-11 (e.g. "2.0"), null without the signature. */
  cr2Version: string | null;
  /** The raw image IFD (IFD3 in a CR2), null when absent. */
  rawIfd: TiffIfd | null;
}

/**
 * Reads the TIFF header and IFD chain of a CR2. The raw IFD is the one the CR2 header points to (bytes 12-15),
 * else the 4th IFD of the chain, else the last IFD with compression 6 or a slice tag.
 */
export function readCr2Structure(bytes: Uint8Array): Cr2Structure {
  const tiff = new TiffReader(bytes);
  const ifds = tiff.readIfdChain(tiff.firstIfdOffset);
  const isCr2 = bytes.length >= 16 && bytes[8] === 0x43 && bytes[9] === 0x52;
  const cr2Version = isCr2 ? `${bytes[10]}.${bytes[11]}` : null;
  let rawIfd: TiffIfd | null = null;
  if (isCr2) {
    const at = tiff.u32(12);
    rawIfd = ifds.find((i) => i.offset === at) ?? (at > 0 && at < bytes.length ? tiff.readIfd(at) : null);
  }
  if (!rawIfd && ifds.length >= 4) rawIfd = ifds[3] ?? null;
  if (!rawIfd) {
    rawIfd =
      [...ifds]
        .reverse()
        .find(
          (i) =>
            i.entries.has(Cr2Tag.Cr2Slices) ||
            (i.entries.get(Cr2Tag.Compression) !== undefined &&
              tiff.numbers(i.entries.get(Cr2Tag.Compression) as never)[0] === 6 &&
              i.entries.has(Cr2Tag.StripOffsets)),
        ) ?? null;
  }
  return { tiff, ifds, isCr2, cr2Version, rawIfd };
}
