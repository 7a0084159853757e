// Turns a service manifest (services/<name>/service.json) into the exact deploy commands, and checks that a
// bundle is self-contained. Pure functions apart from verifyBundle, which installs and loads the bundle.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const Trigger = z.discriminatedUnion("type", [
  z.object({ type: z.literal("storage"), bucket: z.string().min(3) }),
  z.object({ type: z.literal("topic"), topic: z.string().min(1) }),
  z.object({ type: z.literal("http"), public: z.boolean().default(false) }),
  // onSchedule: a private HTTP function that a Cloud Scheduler job calls (unix-cron schedule)
  z.object({
    type: z.literal("schedule"),
    schedule: z.string().min(1),
    timeZone: z.string().default("Etc/UTC"),
  }),
]);

export const Manifest = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  kind: z.enum(["function", "hosting"]),
  description: z.string().optional(),
  entryPoint: z.string().optional(),
  trigger: Trigger.optional(),
  region: z.string().default("us-central1"),
  memory: z
    .string()
    .regex(/^\d+(MiB|GiB)$/)
    .default("256MiB"),
  timeoutSeconds: z.number().int().min(1).max(3600).default(60),
  maxInstances: z.number().int().min(1).default(10),
  /** vCPUs per instance, and requests one instance serves at once (more than 1 needs cpu >= 1) */
  cpu: z.number().positive().optional(),
  concurrency: z.number().int().min(1).max(1000).optional(),
  retry: z.boolean().default(false),
  serviceAccount: z.string().optional(),
  /** topics the service publishes to; deploy creates them first */
  topics: z.array(z.string()).default([]),
  runtimeDependencies: z.array(z.string()).default([]),
  /** files copied beside the bundle (paths from the repository root) */
  assets: z.array(z.object({ from: z.string(), to: z.string() })).default([]),
  env: z.record(z.string(), z.string()).default({}),
});

/** Validates a manifest, naming the service and field on error. */
export function parseManifest(raw, where) {
  const r = Manifest.safeParse(raw);
  if (!r.success) {
    throw new Error(`${where}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  if ((r.data.concurrency ?? 1) > 1 && !((r.data.cpu ?? 0) >= 1)) {
    throw new Error(`${where}: concurrency above 1 needs cpu of at least 1`);
  }
  if (r.data.kind === "function" && (!r.data.entryPoint || !r.data.trigger)) {
    throw new Error(`${where}: a function needs entryPoint and trigger`);
  }
  return r.data;
}

/** The commands that deploy one service to `project`, as argv arrays. */
export function deployCommands(manifest, { project, sourceDir }) {
  if (manifest.kind === "hosting") {
    return [["npx", "firebase", "deploy", "--only", "hosting", "--project", project, "--non-interactive"]];
  }
  const t = manifest.trigger;
  const env = { ...manifest.env, GCLOUD_PROJECT: project };
  const args = [
    "gcloud",
    "functions",
    "deploy",
    manifest.name,
    "--gen2",
    `--project=${project}`,
    `--region=${manifest.region}`,
    "--runtime=nodejs22",
    `--source=${sourceDir}`,
    `--entry-point=${manifest.entryPoint}`,
    `--memory=${manifest.memory.replace("MiB", "Mi").replace("GiB", "Gi")}`,
    `--timeout=${manifest.timeoutSeconds}s`,
    `--max-instances=${manifest.maxInstances}`,
    ...(manifest.cpu !== undefined ? [`--cpu=${manifest.cpu}`] : []),
    ...(manifest.concurrency !== undefined ? [`--concurrency=${manifest.concurrency}`] : []),
    `--set-env-vars=${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(",")}`,
  ];
  if (manifest.serviceAccount)
    args.push(`--service-account=${manifest.serviceAccount}@${project}.iam.gserviceaccount.com`);
  const commands = [];
  for (const topic of manifest.topics)
    commands.push(["gcloud", "pubsub", "topics", "create", topic, `--project=${project}`, "--quiet"]);
  if (t.type === "storage") args.push(`--trigger-bucket=${manifest.env.RAW_BUCKET ?? t.bucket}`);
  if (t.type === "topic") {
    commands.push(["gcloud", "pubsub", "topics", "create", t.topic, `--project=${project}`, "--quiet"]);
    args.push(`--trigger-topic=${t.topic}`);
  }
  if (t.type !== "http" && t.type !== "schedule" && manifest.retry) args.push("--retry");
  if (t.type === "http")
    args.push("--trigger-http", t.public ? "--allow-unauthenticated" : "--no-allow-unauthenticated");
  if (t.type === "schedule") {
    // The job may exist from an earlier deploy (bin/deploy tolerates "already exists"); it calls the function's
    // URL with an OIDC token of the service account, as `firebase deploy` sets up onSchedule functions.
    const account = `${manifest.serviceAccount ?? "default"}@${project}.iam.gserviceaccount.com`;
    commands.push([
      "gcloud",
      "scheduler",
      "jobs",
      "create",
      "http",
      `${manifest.name}-schedule`,
      `--project=${project}`,
      `--location=${manifest.region}`,
      `--schedule=${t.schedule}`,
      `--time-zone=${t.timeZone}`,
      `--uri=https://${manifest.region}-${project}.cloudfunctions.net/${manifest.name}`,
      "--http-method=POST",
      `--oidc-service-account-email=${account}`,
      "--quiet",
    ]);
    args.push("--trigger-http", "--no-allow-unauthenticated");
  }
  commands.push(args);
  return commands;
}

function installRuntimeDeps(dependencies, cacheRoot) {
  const key = createHash("sha256").update(JSON.stringify(dependencies)).digest("hex").slice(0, 16);
  const dir = path.join(cacheRoot, key);
  if (fs.existsSync(path.join(dir, "node_modules/.package-lock.json"))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, dependencies }));
  const res = spawnSync(
    "npm",
    ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
    {
      cwd: dir,
      encoding: "utf8",
    },
  );
  if (res.status !== 0) throw new Error(`installing runtime dependencies failed: ${res.stderr}`);
  return dir;
}

/**
 * Proves a function bundle is self-contained: copies it into an empty temporary folder outside the repository,
 * gives it only its declared runtime dependencies, loads it with Node and checks the entry point is exported
 * as a Firebase function. Returns a description of what was checked.
 */
export function verifyBundle(
  manifest,
  distDir,
  { cacheRoot = path.join(os.tmpdir(), "panoptes-deploy-check") } = {},
) {
  if (manifest.kind === "hosting") {
    if (!fs.existsSync(path.join(distDir, "index.html")))
      throw new Error(`${distDir}/index.html is missing: build the site first`);
    return `${distDir} has index.html`;
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(distDir, "package.json"), "utf8"));
  const depsDir = installRuntimeDeps(pkg.dependencies ?? {}, cacheRoot);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `panoptes-${manifest.name}-`));
  try {
    fs.cpSync(distDir, tmp, { recursive: true });
    fs.symlinkSync(path.join(depsDir, "node_modules"), path.join(tmp, "node_modules"), "dir");
    const probe =
      `const m = require(${JSON.stringify(path.join(tmp, "index.js"))});` +
      `const f = m[${JSON.stringify(manifest.entryPoint)}];` +
      `if (typeof f !== "function" || !f.__endpoint) { console.error("entry point not exported as a Firebase function"); process.exit(3); }` +
      `console.log(JSON.stringify(Object.keys(f.__endpoint)));`;
    const res = spawnSync(process.execPath, ["-e", probe], {
      cwd: tmp,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: tmp, NODE_PATH: "" },
    });
    if (res.status !== 0)
      throw new Error(`bundle does not load on its own: ${res.stderr.trim() || res.stdout.trim()}`);
    return `loads in an empty folder with only ${Object.keys(pkg.dependencies ?? {}).join(", ") || "no dependencies"}; exports ${manifest.entryPoint}`;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
