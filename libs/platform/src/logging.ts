/**
 * Structured logging that Cloud Logging understands: one JSON object per line on stdout with `severity`,
 * `message` and `logging.googleapis.com/labels`; extra fields become jsonPayload fields.
 */

export const SEVERITIES = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose entries carry these labels too (e.g. `{image_id}`). */
  child(labels: Record<string, string>): Logger;
}

export interface LoggerOptions {
  service: string;
  level?: Severity;
  labels?: Record<string, string>;
  /** where lines go; stdout by default */
  write?: (line: string) => void;
}

/** Creates a JSON-lines logger; entries below `level` are dropped. */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const min = SEVERITIES.indexOf(options.level ?? "INFO");
  const labels = { service: options.service, ...options.labels };
  const entry =
    (severity: Severity) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (SEVERITIES.indexOf(severity) < min) return;
      write(
        JSON.stringify(
          { severity, message, ...fields, "logging.googleapis.com/labels": labels },
          (_k, v: unknown) =>
            typeof v === "bigint"
              ? v.toString()
              : v instanceof Error
                ? { name: v.name, message: v.message, stack: v.stack }
                : v,
        ) + "\n",
      );
    };
  return {
    debug: entry("DEBUG"),
    info: entry("INFO"),
    warn: entry("WARNING"),
    error: entry("ERROR"),
    child: (more) => createLogger({ ...options, labels: { ...options.labels, ...more } }),
  };
}
