import { BaseConfig, commaList, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend({
  MAX_HEADER_BYTES: z.coerce
    .number()
    .int()
    .min(2880)
    .default(2880 * 100)
    .describe("bound on one FITS header's size; no END within it is a permanent error"),
  RECORDED_IMAGE_TOPICS: commaList
    .default(["make-preview"])
    .describe("topics each recorded image's message is published to (comma-separated; empty for none)"),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
