import { printfFixed, perlNumber } from "./exiftool-format";
import type { Cr2Metadata } from "./metadata";

/** One header card for a FITS product: keyword (≤ 8 characters), value, comment. */
export interface HeaderKeyword {
  keyword: string;
  value: string | number;
  comment: string;
}

const FROM_CR2 = "From CR2";

/** SerialNumber as exiftool prints it (PANOPTES CAMSN): strings as stored; numbers zero-padded to 10 digits (6 for EOS-1D). */
export function formatSerialNumber(serial: number | string | null, model: string | null): string {
  if (serial === null) return "";
  if (typeof serial === "string") return serial;
  return String(serial).padStart(model && /EOS-1D/.test(model) ? 6 : 10, "0");
}

/** "YYYY:MM:DD HH:MM:SS" → "YYYY-MM-DDTHH:MM:SS" (FITS DATE-OBS); "" when absent or malformed. */
export function exifDateToIso(date: string | null): string {
  const m = date ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(date) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : "";
}

/**
 * The CR2-derived header cards PANOPTES writes into its FITS products, in PANOPTES order, formatted as the
 * units' `cr2_to_fits` wrote them from `exiftool -j` (print conversions): CAMTEMP '13 C', CIRCCONF
 * '0.019 mm', MEASEV rounded to 2 decimals, MEASRGGB / WBRGGB as space-separated levels, REDBAL / BLUEBAL to
 * 6 decimals, DATE-OBS in ISO form. COLORTMP is ColorTempMeasured, else ColorTempAsShot. A value the file
 * lacks is "" (as the units wrote it). EXPTIME is in seconds.
 */
export function headerKeywordsFromMetadata(meta: Cr2Metadata): HeaderKeyword[] {
  const orEmpty = <T>(v: T | null, f: (x: T) => string | number): string | number => (v === null ? "" : f(v));
  const levels = (v: number[]): string => v.join(" ");
  const balance = (v: number): number => perlNumber(Math.floor(v * 1e6 + 0.5) * 1e-6);
  return [
    { keyword: "ISO", value: orEmpty(meta.iso, (v) => v), comment: "ISO speed - From CR2" },
    { keyword: "EXPTIME", value: orEmpty(meta.exposureTime, (v) => v), comment: "Seconds - From CR2" },
    {
      keyword: "CAMTEMP",
      value: orEmpty(meta.cameraTemperature, (v) => `${v} C`),
      comment: "Celsius - From CR2",
    },
    {
      keyword: "CIRCCONF",
      value: orEmpty(meta.circleOfConfusion, (v) => `${printfFixed(v, 3)} mm`),
      comment: FROM_CR2,
    },
    {
      keyword: "COLORTMP",
      value: orEmpty(meta.colorTempMeasured ?? meta.colorTempAsShot, (v) => v),
      comment: FROM_CR2,
    },
    { keyword: "INTSN", value: meta.internalSerialNumber ?? "", comment: FROM_CR2 },
    { keyword: "CAMSN", value: formatSerialNumber(meta.serialNumber, meta.model), comment: FROM_CR2 },
    {
      keyword: "MEASEV",
      value: orEmpty(meta.measuredEV, (v) => Number(printfFixed(v, 2))),
      comment: FROM_CR2,
    },
    { keyword: "MEASEV2", value: orEmpty(meta.measuredEV2, (v) => v), comment: FROM_CR2 },
    { keyword: "MEASRGGB", value: orEmpty(meta.measuredRGGB, levels), comment: FROM_CR2 },
    { keyword: "WHTLVLN", value: orEmpty(meta.normalWhiteLevel, (v) => v), comment: FROM_CR2 },
    { keyword: "WHTLVLS", value: orEmpty(meta.specularWhiteLevel, (v) => v), comment: FROM_CR2 },
    { keyword: "REDBAL", value: orEmpty(meta.redBalance, balance), comment: FROM_CR2 },
    { keyword: "BLUEBAL", value: orEmpty(meta.blueBalance, balance), comment: FROM_CR2 },
    { keyword: "WBRGGB", value: orEmpty(meta.wbRGGBLevelsAsShot, levels), comment: FROM_CR2 },
    {
      keyword: "DATE-OBS",
      value: exifDateToIso(meta.dateTimeOriginal),
      comment: "DateTimeOriginal - From CR2",
    },
  ];
}
