import { BaseConfig, commaList, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend({
  BLOCKED_UNITS: commaList
    .default(["PAN000"])
    .describe("units whose uploads are ignored (test units), comma-separated"),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
