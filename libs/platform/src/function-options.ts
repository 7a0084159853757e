/**
 * Trigger options of a Cloud Function, read from its deploy manifest (`services/<name>/service.json`, which
 * `bin/deploy` reads too), so the emulators and the deployment agree and no binding re-types them.
 */
import { z } from "zod";
import { ConfigError } from "./errors";

/** The memory sizes Cloud Functions (2nd gen) accepts. */
export const MEMORY_OPTIONS = [
  "128MiB",
  "256MiB",
  "512MiB",
  "1GiB",
  "2GiB",
  "4GiB",
  "8GiB",
  "16GiB",
  "32GiB",
] as const;

const Trigger = z.discriminatedUnion("type", [
  z.object({ type: z.literal("storage"), bucket: z.string().min(3) }),
  z.object({ type: z.literal("topic"), topic: z.string().min(1) }),
  z.object({ type: z.literal("http"), public: z.boolean().default(false) }),
  z.object({
    type: z.literal("schedule"),
    /** cron expression */
    schedule: z.string().min(1),
    timeZone: z.string().min(1).default("Etc/UTC"),
  }),
]);
export type TriggerType = z.infer<typeof Trigger>["type"];

/** The runtime part of a function's manifest (the deploy-only fields are bin/deploy's). */
export const FunctionManifest = z.object({
  name: z.string().min(1),
  trigger: Trigger,
  region: z.string().default("us-central1"),
  memory: z.enum(MEMORY_OPTIONS).default("256MiB"),
  /** seconds */
  timeoutSeconds: z.number().int().min(1).max(3600).default(60),
  maxInstances: z.number().int().min(1).default(10),
  /** vCPUs per instance */
  cpu: z.number().positive().optional(),
  /** requests one instance serves at once */
  concurrency: z.number().int().min(1).max(1000).optional(),
  retry: z.boolean().default(false),
});
export type FunctionManifest = z.infer<typeof FunctionManifest>;

/** Options every trigger shares. */
export interface BaseFunctionOptions {
  region: string;
  memory: (typeof MEMORY_OPTIONS)[number];
  timeoutSeconds: number;
  maxInstances: number;
  cpu?: number;
  concurrency?: number;
}
/** onMessagePublished options. */
export interface TopicFunctionOptions extends BaseFunctionOptions {
  topic: string;
  retry: boolean;
}
/** onObjectFinalized options. */
export interface BucketFunctionOptions extends BaseFunctionOptions {
  bucket: string;
  retry: boolean;
}
/** onRequest options. */
export interface HttpFunctionOptions extends BaseFunctionOptions {
  invoker: "public" | "private";
}

/** onSchedule options. */
export interface ScheduleFunctionOptions extends BaseFunctionOptions {
  schedule: string;
  timeZone: string;
}

/**
 * The trigger options of the function `manifest` describes (its service.json, as imported), for the trigger
 * type its binding expects: `onMessagePublished(functionOptions(manifest, "topic"), ...)`. Throws a ConfigError
 * naming the field when the manifest is invalid or declares another trigger.
 */
export function functionOptions(manifest: unknown, expected: "topic"): TopicFunctionOptions;
export function functionOptions(manifest: unknown, expected: "storage"): BucketFunctionOptions;
export function functionOptions(manifest: unknown, expected: "http"): HttpFunctionOptions;
export function functionOptions(manifest: unknown, expected: "schedule"): ScheduleFunctionOptions;
export function functionOptions(
  manifest: unknown,
  expected: TriggerType,
): TopicFunctionOptions | BucketFunctionOptions | HttpFunctionOptions | ScheduleFunctionOptions {
  const r = FunctionManifest.safeParse(manifest);
  if (!r.success) {
    const where = (manifest as { name?: unknown } | null)?.name;
    const issues = r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`service.json of ${String(where ?? "a service")} is invalid: ${issues}`);
  }
  const m = r.data;
  if (m.trigger.type !== expected)
    throw new ConfigError(`service.json of ${m.name} declares a ${m.trigger.type} trigger, not ${expected}`);
  const base: BaseFunctionOptions = {
    region: m.region,
    memory: m.memory,
    timeoutSeconds: m.timeoutSeconds,
    maxInstances: m.maxInstances,
    ...(m.cpu !== undefined ? { cpu: m.cpu } : {}),
    ...(m.concurrency !== undefined ? { concurrency: m.concurrency } : {}),
  };
  switch (m.trigger.type) {
    case "topic":
      return { ...base, topic: m.trigger.topic, retry: m.retry };
    case "storage":
      return { ...base, bucket: m.trigger.bucket, retry: m.retry };
    case "http":
      return { ...base, invoker: m.trigger.public ? "public" : "private" };
    case "schedule":
      return { ...base, schedule: m.trigger.schedule, timeZone: m.trigger.timeZone };
  }
}
