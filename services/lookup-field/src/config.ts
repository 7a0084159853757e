import { BaseConfig, commaList, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend({
  SESAME_ENABLED: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true")
    .describe("ask CDS Sesame for names nothing offline knows (off locally: no network)"),
  SESAME_URLS: commaList.optional().describe("Sesame mirrors in order (default: CDS, then Harvard)"),
  SESAME_TIMEOUT_MS: z.coerce.number().int().min(100).max(30000).default(3000).describe("timeout per mirror"),
  ALLOWED_ORIGINS: commaList
    .default(["http://127.0.0.1:5000", "http://localhost:5000"])
    .describe("origins allowed by CORS (the Data Explorer)"),
  CATALOG_INDEX_FILE: z
    .string()
    .optional()
    .describe("catalogue name index (default: beside the bundle or the lib)"),
  CATALOG_DATA_DIR: z.string().optional().describe("folder with d3-celestial's stars.14.json"),
  CACHE_TTL_DAYS: z.coerce
    .number()
    .min(0)
    .default(30)
    .describe("how long Sesame answers are kept in Firestore"),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
