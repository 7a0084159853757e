import { BaseConfig, commaList, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

/** make-rgb-fits reads RGB_BUCKET (where products go) from the shared settings, and where to announce products. */
export const Config = BaseConfig.extend({
  RGB_PRODUCT_TOPICS: commaList
    .default(["make-preview"])
    .describe(
      "topics each CR2's products are announced to, with their paths (comma-separated; empty for none)",
    ),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
