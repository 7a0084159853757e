import { BaseConfig, parseConfig as parse } from "@panoptes/platform";
import type { z } from "zod";

/** make-rgb-fits reads RGB_BUCKET (where products go) from the shared settings; it adds none of its own. */
export const Config = BaseConfig;
export type Config = z.infer<typeof Config>;

/** Reads this service's settings from the environment. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(Config, env);
}
