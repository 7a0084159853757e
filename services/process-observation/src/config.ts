import { BaseConfig, CloudRunSettings, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend(CloudRunSettings.shape).extend({
  PROCESSED_BUCKET: z
    .string()
    .min(3)
    .default("panoptes-processed")
    .describe("bucket of the runs' tables (SEQUENCE/RUN/lightcurves.csv|.fits) and oversized lightcurves"),
  ASTROMETRY_INDEX_DIR: z
    .string()
    .min(1)
    .default("/usr/share/astrometry")
    .describe("folder of the Tycho-2 index files (Debian: astrometry-data-tycho2-10-19)"),
  MAX_MAG: z.coerce.number().min(0).max(16).default(11.5).describe("faintest catalogue star measured (VT)"),
  RUN_STALE_MINUTES: z.coerce
    .number()
    .positive()
    .default(20)
    .describe("a running run without progress for this long is taken over by a redelivery"),
  MAX_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024)
    .describe("a larger frame is dropped from the run as unreadable"),
  LOOKUP_FIELD_NAMES: z
    .enum(["on", "off"])
    .default("on")
    .describe("resolve the observation's field name through the offline catalogue to choose the target"),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
