import { BaseConfig, commaList, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend({
  ALLOWED_BUCKETS: commaList
    .optional()
    .describe("buckets whose files may be read (default: RAW_BUCKET and RGB_BUCKET)"),
  ALLOWED_ORIGINS: commaList
    .default(["http://127.0.0.1:5000", "http://localhost:5000"])
    .describe("origins allowed by CORS (the Data Explorer)"),
  MAX_HEADER_BYTES: z.coerce
    .number()
    .int()
    .min(2880)
    .default(2880 * 100)
    .describe("bound on one header's size"),
});
export type Config = z.infer<typeof Config> & { buckets: string[] };

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const c = parse(Config, env);
  return { ...c, buckets: c.ALLOWED_BUCKETS ?? [c.RAW_BUCKET, c.RGB_BUCKET] };
}
