import { BaseConfig, CloudRunSettings, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend(CloudRunSettings.shape).extend({
  SOLVE_SCALE: z.coerce.number().positive().default(10.3).describe("expected pixel scale, arcsec per pixel"),
  SOLVE_SCALE_TOLERANCE: z.coerce
    .number()
    .min(0)
    .max(0.9)
    .default(0.15)
    .describe("relative tolerance of the pixel scale (0.15: ±15%)"),
  SOLVE_HINT_RADIUS: z.coerce
    .number()
    .positive()
    .max(180)
    .default(15)
    .describe("degrees around RA-MNT/DEC-MNT searched"),
  SOLVE_CPU_LIMIT: z.coerce.number().positive().default(60).describe("solve-field's --cpulimit, seconds"),
  SOLVE_FIELD: z.string().min(1).default("solve-field").describe("the solve-field executable"),
  ASTROMETRY_INDEX_DIR: z
    .string()
    .min(1)
    .default("/usr/share/astrometry")
    .describe("folder of astrometry.net index files (Debian: astrometry-data-tycho2-10-19)"),
  MAX_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024)
    .describe("larger objects are refused as a permanent error"),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
