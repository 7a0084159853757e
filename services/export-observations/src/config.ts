import { BaseConfig, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend({
  EXPORT_BUCKET: z
    .string()
    .min(3)
    .default("panoptes-public-data")
    .describe("public bucket that receives observations.csv and observations.json"),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
