import { BaseConfig, parseConfig as parse } from "@panoptes/platform";
import { z } from "zod";

export const Config = BaseConfig.extend({
  QUIET_MINUTES: z.coerce
    .number()
    .positive()
    .default(30)
    .describe("an observation with no new image for this long is finished and gets processed"),
  REPUBLISH_MINUTES: z.coerce
    .number()
    .positive()
    .default(20)
    .describe("a run still queued this long after it was created is published again"),
});
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
