import { BaseConfig, parseConfig as parseWith } from "@panoptes/platform";
import { z } from "zod";

export const ExplorerApiConfig = BaseConfig.extend({
  FILES_BASE_URL: z
    .string()
    .url()
    .default("https://storage.googleapis.com")
    .describe("public base URL of stored objects: BASE/BUCKET/PATH"),
  FIREBASE_STORAGE_EMULATOR_HOST: z
    .string()
    .optional()
    .describe("set by the emulators: file links then point at the Storage emulator"),
  FIREBASE_AUTH_EMULATOR_HOST: z
    .string()
    .optional()
    .describe("set by the emulators: told to the web app so it signs in against the Auth emulator"),
  PROCESSED_BUCKET: z
    .string()
    .default("panoptes-processed")
    .describe("where process-observation keeps series too large for a lightcurve document (storage_path)"),
  AAVSO_SOFTWARE: z
    .string()
    .default("panoptes-network explorer-api")
    .describe("the #SOFTWARE line of AAVSO reports"),
  CACHE_MAX_AGE_S: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(60)
    .describe("browser cache lifetime of answers"),
  MEMORY_INDEX: z
    .enum(["on", "off"])
    .default("on")
    .describe(
      "serve observation lists from an in-memory index of the collection (off: a Firestore query per request)",
    ),
  MEMORY_INDEX_MAX_AGE_S: z.coerce
    .number()
    .nonnegative()
    .default(10)
    .describe("answers may be this stale; an older index refreshes in the background (0: before answering)"),
  MEMORY_INDEX_FULL_RELOAD_S: z.coerce
    .number()
    .positive()
    .default(600)
    .describe("full reload period of the index"),
  MEMORY_INDEX_MAX_ROWS: z.coerce
    .number()
    .int()
    .positive()
    .default(200_000)
    .describe("above this many observations, fall back to Firestore queries"),
  STAR_INDEX_FILE: z
    .string()
    .default("/usr/share/astrometry/index-tycho2-10.littleendian.fits")
    .describe(
      "astrometry.net index file whose stars the image viewer overlays (Debian astrometry-data-tycho2-10-19); read once per instance",
    ),
  EXPORT_MAX_ROWS: z.coerce.number().int().positive().default(5000).describe("most rows one export returns"),
});
export type ExplorerApiConfig = z.infer<typeof ExplorerApiConfig>;

/** The explorer-api settings from an environment map (process.env in production). */
export function parseConfig(env: Record<string, string | undefined> = process.env): ExplorerApiConfig {
  return parseWith(ExplorerApiConfig, env);
}
