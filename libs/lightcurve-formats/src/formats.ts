import { toCsv } from "./csv";
import { EXPORT_CHANNELS, type ExportChannel, type ExportLightcurve, type ExportPoint } from "./lightcurve";

/** Columns of a lightcurve's CSV, in order: one row per point. */
export const LIGHTCURVE_CSV_COLUMNS = [
  "time",
  "bjd_tdb",
  "airmass",
  "image_id",
  ...EXPORT_CHANNELS.flatMap((c) => [`flux_${c}`, `flux_err_${c}`]),
  "flags",
] as const;

/**
 * A lightcurve as CSV (RFC 4180, CRLF): `time` mid-exposure ISO 8601 UTC, `bjd_tdb` days, `airmass`, `image_id`,
 * normalised `flux_<c>` and `flux_err_<c>` for r, g, b (empty where missing), `flags` separated by `;`.
 */
export function lightcurveCsv(lc: ExportLightcurve): string {
  return toCsv(
    LIGHTCURVE_CSV_COLUMNS,
    lc.points.map((p) => {
      const row: Record<string, unknown> = {
        time: p.time,
        bjd_tdb: p.bjd_tdb,
        airmass: p.airmass,
        image_id: p.image_id,
        flags: p.flags.join(";"),
      };
      for (const c of EXPORT_CHANNELS) {
        row[`flux_${c}`] = p.flux[c];
        row[`flux_err_${c}`] = p.flux_err[c];
      }
      return row;
    }),
  );
}

/** AAVSO filter codes of the DSLR's colour channels ("tri-colour" red, green, blue). */
export const AAVSO_FILTERS: Record<ExportChannel, string> = { r: "TR", g: "TG", b: "TB" };

/** What an AAVSO report needs beyond the lightcurve; everything optional but the channel. */
export interface AavsoOptions {
  channel: ExportChannel;
  /** the observer's AAVSO code (empty: the observer fills it in before submitting) */
  obscode?: string;
  /** name and version of the software, e.g. `panoptes-network 0.1.0` */
  software: string;
  /** seconds */
  exposureTime?: number | null;
  /** the unit's site: degrees (east positive) and metres */
  site?: { latitude: number; longitude: number; elevation: number | null } | null;
  /** a planet known to transit the star, when there is one */
  exoplanetName?: string | null;
}

const fixed = (v: number | null, digits: number): string => (v === null ? "na" : v.toFixed(digits));
/** Header values must not hold a line break (a value ends at the end of its line). */
const oneLine = (v: string): string => v.replace(/[\r\n]+/g, " ").trim();

/**
 * A lightcurve as an AAVSO Exoplanet Database report (`#TYPE=EXOPLANET`, the text EXOTIC and AstroImageJ write
 * and the AAVSO's WebObs accepts): one report per filter, so one channel (TR, TG or TB); rows
 * `DATE,DIFF,ERR,DETREND_1` = BJD_TDB (8 decimals), normalised flux and its error (7 decimals, `Rnflux`), airmass.
 * Points without a time in BJD_TDB or a flux in the channel are left out (counted in `#NOTES`).
 */
export function aavsoExoplanetReport(lc: ExportLightcurve, o: AavsoOptions): string {
  const usable = (p: ExportPoint) => p.bjd_tdb !== null && p.flux[o.channel] !== null;
  const rows = lc.points.filter(usable);
  const left = lc.points.length - rows.length;
  const first = lc.points[0]?.time;
  const comps = lc.comparisons[o.channel] ?? [];
  const notes = [
    `PANOPTES ${lc.sequence_id}, run ${lc.processed_observation_id ?? "na"}`,
    `${AAVSO_FILTERS[o.channel]} = the ${o.channel.toUpperCase()} sites of the Bayer mosaic, no filter`,
    `ensemble differential photometry against ${comps.length} comparison stars`,
    ...(left > 0 ? [`${left} points without a flux in this channel left out`] : []),
  ].join("; ");
  const header: Array<[string, string]> = [
    ["TYPE", "EXOPLANET"],
    ["OBSCODE", o.obscode ?? ""],
    ["SECONDARY_OBSCODES", ""],
    ["SOFTWARE", o.software],
    ["DELIM", ","],
    ["DATE_TYPE", "BJD_TDB"],
    ["OBSDATE", first ? first.toISOString().slice(0, 10) : ""],
    ["OBSTYPE", "DSLR"],
    ["STAR_NAME", lc.star.name ?? lc.star.id],
    ["EXOPLANET_NAME", o.exoplanetName ?? ""],
    ["BINNING", "1x1"],
    ["EXPOSURE_TIME", o.exposureTime != null ? String(o.exposureTime) : "-1"],
    ...(o.site
      ? ([
          ["OBSLAT", String(o.site.latitude)],
          ["OBSLON", String(o.site.longitude)],
          ["OBSELEV", o.site.elevation !== null ? String(o.site.elevation) : ""],
        ] as Array<[string, string]>)
      : []),
    ["COMP_STAR-XC", JSON.stringify(comps.map((id) => ({ id })))],
    ["NOTES", notes],
    ["DETREND_PARAMETERS", "AIRMASS"],
    ["MEASUREMENT_TYPE", "Rnflux"],
    ["FILTER", AAVSO_FILTERS[o.channel]],
  ];
  const lines = header.map(([k, v]) => `#${k}=${oneLine(v)}`);
  lines.push("#DATE,DIFF,ERR,DETREND_1");
  for (const p of rows) {
    lines.push(
      [
        p.bjd_tdb!.toFixed(8),
        p.flux[o.channel]!.toFixed(7),
        fixed(p.flux_err[o.channel], 7),
        fixed(p.airmass, 7),
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** The CLI's JSON of a lightcurve (`panoptes lightcurve --format json`), field for field. */
export interface LightcurveJson {
  sequence_id: string;
  processed_observation_id: string | null;
  star: { id: string; name: string | null; ra: number; dec: number; vmag: number | null };
  rms_ppm: { r: number | null; g: number | null; b: number | null };
  points: Array<{
    time: string;
    bjd_tdb: number | null;
    airmass: number | null;
    flux: { r: number | null; g: number | null; b: number | null };
    flux_err: { r: number | null; g: number | null; b: number | null };
    flags: string[];
  }>;
}

/** A lightcurve in the CLI's JSON shape (times as ISO 8601 UTC, mid-exposure). */
export function lightcurveJson(lc: ExportLightcurve): LightcurveJson {
  const { id, name, ra, dec, vmag } = lc.star;
  return {
    sequence_id: lc.sequence_id,
    processed_observation_id: lc.processed_observation_id,
    star: { id, name, ra, dec, vmag },
    rms_ppm: { ...lc.rms_ppm },
    points: lc.points.map((p) => ({
      time: p.time.toISOString(),
      bjd_tdb: p.bjd_tdb,
      airmass: p.airmass,
      flux: { ...p.flux },
      flux_err: { ...p.flux_err },
      flags: [...p.flags],
    })),
  };
}
