import { type BinTableColumnData, type Card, float, integer, string, writeBinTable } from "@panoptes/fits";
import { CHANNELS, type Lightcurve, STAR_FLAGS, type StarFlag } from "@panoptes/photometry";

/** A lightcurve as the run table writes it: the measured star, whether it is the target, its points. */
export interface TableCurve {
  lightcurve: Lightcurve;
  isTarget: boolean;
  /** frame ids of the points, in order */
  imageIds: readonly string[];
}

const CSV_COLUMNS = [
  "star_id",
  "name",
  "ra",
  "dec",
  "vmag",
  "is_target",
  "image_id",
  "time",
  "bjd_tdb",
  "airmass",
  "flux_r",
  "flux_g",
  "flux_b",
  "flux_err_r",
  "flux_err_g",
  "flux_err_b",
  "flags",
] as const;

function csvField(v: string | number | boolean | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The whole run as one CSV (RFC 4180, a header row, one row per star and frame): star id, name, ra, dec (deg),
 * vmag, is_target, image_id, time (ISO UTC mid-exposure), bjd_tdb, airmass, flux and flux_err per channel
 * (normalised to the star's median; empty where not measured) and flags (`;`-separated).
 */
export function runCsv(curves: readonly TableCurve[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const { lightcurve: lc, isTarget, imageIds } of curves) {
    lc.points.forEach((p, k) => {
      lines.push(
        [
          lc.star.id,
          lc.star.name,
          lc.star.ra,
          lc.star.dec,
          lc.star.vmag,
          isTarget,
          imageIds[k] ?? null,
          p.time,
          p.bjd_tdb,
          p.airmass,
          ...CHANNELS.map((ch) => p.flux[ch]),
          ...CHANNELS.map((ch) => p.flux_err[ch]),
          p.flags.join(";"),
        ]
          .map(csvField)
          .join(","),
      );
    });
  }
  return `${lines.join("\n")}\n`;
}

/** The bit of each flag in the FITS table's FLAGS column (saturated = 1, near_edge = 2, ...). */
export function flagBits(flags: readonly StarFlag[]): number {
  return flags.reduce((bits, f) => bits | (1 << STAR_FLAGS.indexOf(f)), 0);
}

/**
 * The whole run as a FITS binary table (extension LIGHTCURVES, one row per star and frame): STAR (index of the
 * star in the run, 0 = first), RA, DEC (deg), VMAG, TARGET (1 for the field target), BJD_TDB (d), MJD_UTC (d,
 * mid-exposure), AIRMASS, FLUX_R/G/B and ERR_R/G/B (normalised; NaN where not measured), FLAGS (bits: see
 * flagBits, named by FLAGBITn cards). Star ids are `starId(RA, DEC)`; the header names the sequence and run.
 */
export function runFits(
  curves: readonly TableCurve[],
  ids: { sequenceId: string; runId: string },
): Uint8Array {
  const rows = curves.reduce((n, c) => n + c.lightcurve.points.length, 0);
  const f64 = () => new Float64Array(rows);
  const col = {
    star: new Int32Array(rows),
    ra: f64(),
    dec: f64(),
    vmag: new Float32Array(rows),
    target: new Int32Array(rows),
    bjd: f64(),
    mjd: f64(),
    airmass: new Float32Array(rows),
    flags: new Int32Array(rows),
  };
  const flux = CHANNELS.map(() => new Float32Array(rows));
  const err = CHANNELS.map(() => new Float32Array(rows));
  let row = 0;
  curves.forEach(({ lightcurve: lc, isTarget }, s) => {
    for (const p of lc.points) {
      col.star[row] = s;
      col.ra[row] = lc.star.ra;
      col.dec[row] = lc.star.dec;
      col.vmag[row] = lc.star.vmag;
      col.target[row] = isTarget ? 1 : 0;
      col.bjd[row] = p.bjd_tdb;
      col.mjd[row] = Date.parse(p.time) / 86400000 + 40587;
      col.airmass[row] = p.airmass ?? NaN;
      col.flags[row] = flagBits(p.flags);
      CHANNELS.forEach((ch, c) => {
        flux[c]![row] = p.flux[ch] ?? NaN;
        err[c]![row] = p.flux_err[ch] ?? NaN;
      });
      row++;
    }
  });
  const columns: BinTableColumnData[] = [
    { name: "STAR", type: "J", values: col.star },
    { name: "RA", type: "D", values: col.ra, unit: "deg" },
    { name: "DEC", type: "D", values: col.dec, unit: "deg" },
    { name: "VMAG", type: "E", values: col.vmag, unit: "mag" },
    { name: "TARGET", type: "J", values: col.target },
    { name: "BJD_TDB", type: "D", values: col.bjd, unit: "d" },
    { name: "MJD_UTC", type: "D", values: col.mjd, unit: "d" },
    { name: "AIRMASS", type: "E", values: col.airmass },
    ...CHANNELS.map((ch, c) => ({ name: `FLUX_${ch.toUpperCase()}`, type: "E" as const, values: flux[c]! })),
    ...CHANNELS.map((ch, c) => ({ name: `ERR_${ch.toUpperCase()}`, type: "E" as const, values: err[c]! })),
    { name: "FLAGS", type: "J", values: col.flags },
  ];
  const header: Card[] = [
    { keyword: "SEQID", value: string(ids.sequenceId), comment: "PANOPTES sequence id" },
    { keyword: "RUNID", value: string(ids.runId), comment: "processed_observations document id" },
    { keyword: "NSTARS", value: integer(curves.length), comment: "stars (STAR 0..NSTARS-1)" },
    { keyword: "BINMIN", value: float(0), comment: "unbinned: one row per star and frame" },
    ...STAR_FLAGS.map((f, i) => ({ keyword: `FLAGBIT${i}`, value: string(f), comment: "FLAGS bit" })),
  ];
  return writeBinTable({ columns, header, extname: "LIGHTCURVES" });
}
