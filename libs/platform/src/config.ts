import { z } from "zod";
import { ConfigError } from "./errors";

/** Settings every service shares. Each service extends this schema with its own. */
export const BaseConfig = z.object({
  GCLOUD_PROJECT: z.string().min(1).default("demo-panoptes").describe("Google Cloud project id"),
  RAW_BUCKET: z.string().min(3).default("panoptes-raw-images").describe("bucket units upload to"),
  RGB_BUCKET: z.string().min(3).default("panoptes-rgb-images").describe("bucket for RGB FITS products"),
  LOG_LEVEL: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]).default("INFO").describe("lowest severity logged"),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

/** The settings of a Cloud Run service: `BaseConfig.extend(CloudRunSettings.shape)`. */
export const CloudRunSettings = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(8080)
    .describe("HTTP port (Cloud Run sets it; 0: any free port)"),
});

/** A comma-separated list in an environment variable, trimmed, empty items dropped. */
export const commaList = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
);

/**
 * Parses configuration from an environment map (`process.env` in production, a plain object in tests).
 * Unknown variables are ignored; invalid ones throw a ConfigError naming each variable and the rule.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
}
