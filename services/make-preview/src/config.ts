import { BaseConfig, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend({
  PREVIEW_BUCKET: z
    .string()
    .min(3)
    .default("panoptes-previews")
    .describe("bucket the previews are written to, at the image's path"),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
