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
  /** a Cloud Run service receiving an authenticated Pub/Sub push subscription on `topic` */
  z.object({ type: z.literal("push"), topic: z.string().min(1) }),
  // onSchedule: a private HTTP function that a Cloud Scheduler job calls (unix-cron schedule)
  z.object({
    type: z.literal("schedule"),
    schedule: z.string().min(1),
    timeZone: z.string().default("Etc/UTC"),
  }),
]);

export const Manifest = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  kind: z.enum(["function", "hosting", "cloud-run"]),
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
  /**
   * files copied beside the bundle (`from`: a path from the repository root, or an absolute path such as a Debian
   * package's file); `optional`: what is lost without it, printed when the file is missing instead of failing
   */
  assets: z
    .array(z.object({ from: z.string(), to: z.string(), optional: z.string().optional() }))
    .default([]),
  env: z.record(z.string(), z.string()).default({}),
  /** cloud-run: the push subscription's ack deadline, delivery attempts before the dead-letter topic, that topic */
  ackDeadlineSeconds: z.number().int().min(10).max(600).optional(),
  maxDeliveryAttempts: z.number().int().min(5).max(100).optional(),
  deadLetterTopic: z.string().optional(),
  /** cloud-run: the service account whose OIDC token the push subscription presents (granted run.invoker) */
  invokerServiceAccount: z.string().optional(),
  /** cloud-run: the Dockerfile's base image (name:tag prefix) and the Debian packages it must install */
  baseImage: z.string().optional(),
  apt: z.array(z.string()).default([]),
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
  if (
    r.data.kind === "cloud-run" &&
    (r.data.trigger?.type !== "push" ||
      !r.data.deadLetterTopic ||
      !r.data.maxDeliveryAttempts ||
      !r.data.invokerServiceAccount)
  ) {
    throw new Error(
      `${where}: a cloud-run service needs a push trigger, deadLetterTopic, maxDeliveryAttempts and invokerServiceAccount`,
    );
  }
  return r.data;
}

/** Where `bin/deploy` pushes a Cloud Run service's container image (Artifact Registry, repository `panoptes`). */
export function imageName(manifest, project, tag = "latest") {
  return `${manifest.region}-docker.pkg.dev/${project}/panoptes/${manifest.name}:${tag}`;
}

/** The placeholder deploy.mjs replaces with the deployed service's URL (`gcloud run services describe`). */
export const SERVICE_URL = (name) => `{{url:${name}}}`;

function cloudRunCommands(manifest, { project, sourceDir }) {
  const env = { ...manifest.env, GCLOUD_PROJECT: project };
  const image = imageName(manifest, project);
  const sa = (name) => `${name}@${project}.iam.gserviceaccount.com`;
  const at = [`--project=${project}`, `--region=${manifest.region}`];
  const commands = [];
  for (const topic of [...new Set([...manifest.topics, manifest.trigger.topic, manifest.deadLetterTopic])])
    commands.push(["gcloud", "pubsub", "topics", "create", topic, `--project=${project}`, "--quiet"]);
  commands.push(
    ["docker", "build", "--platform=linux/amd64", "-t", image, sourceDir],
    ["docker", "push", image],
    [
      "gcloud",
      "run",
      "deploy",
      manifest.name,
      `--image=${image}`,
      ...at,
      `--memory=${manifest.memory.replace("MiB", "Mi").replace("GiB", "Gi")}`,
      `--cpu=${manifest.cpu ?? 1}`,
      `--concurrency=${manifest.concurrency ?? 1}`,
      `--timeout=${manifest.timeoutSeconds}s`,
      `--max-instances=${manifest.maxInstances}`,
      "--no-allow-unauthenticated",
      ...(manifest.serviceAccount ? [`--service-account=${sa(manifest.serviceAccount)}`] : []),
      `--set-env-vars=${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(",")}`,
    ],
    [
      "gcloud",
      "run",
      "services",
      "add-iam-policy-binding",
      manifest.name,
      ...at,
      `--member=serviceAccount:${sa(manifest.invokerServiceAccount)}`,
      "--role=roles/run.invoker",
    ],
    [
      "gcloud",
      "pubsub",
      "subscriptions",
      "create",
      `${manifest.name}-push`,
      `--project=${project}`,
      `--topic=${manifest.trigger.topic}`,
      `--push-endpoint=${SERVICE_URL(manifest.name)}/`,
      `--push-auth-service-account=${sa(manifest.invokerServiceAccount)}`,
      `--ack-deadline=${manifest.ackDeadlineSeconds ?? manifest.timeoutSeconds}`,
      `--dead-letter-topic=${manifest.deadLetterTopic}`,
      `--max-delivery-attempts=${manifest.maxDeliveryAttempts}`,
      "--min-retry-delay=10s",
      "--max-retry-delay=600s",
    ],
  );
  return commands;
}

/**
 * Checks a Cloud Run service's Dockerfile against its manifest: a FROM of `baseImage`, an `apt-get install`
 * of every package in `apt`, the bundle copied in, and a CMD or ENTRYPOINT running `node … entryPoint`.
 * Returns the problems found (empty: fine).
 */
export function checkDockerfile(text, manifest) {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const problems = [];
  const from = lines.filter((l) => /^FROM\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
  if (from.length === 0) problems.push("no FROM instruction");
  else if (manifest.baseImage && !from.at(-1).startsWith(manifest.baseImage))
    problems.push(`the image is FROM ${from.at(-1)}, not ${manifest.baseImage}*`);
  const installs = lines
    .filter((l) => /^RUN\s/i.test(l))
    .flatMap((l) => [...l.matchAll(/apt-get\s+install\s+([^&;|]+)/g)].flatMap((m) => m[1].split(/\s+/)))
    .filter((w) => w && !w.startsWith("-"));
  for (const pkg of manifest.apt ?? [])
    if (!installs.includes(pkg))
      problems.push(`the Debian package ${pkg} is not installed (apt-get install)`);
  if (!lines.some((l) => /^COPY\s/i.test(l) && l.includes(manifest.entryPoint)))
    problems.push(`${manifest.entryPoint} is not copied into the image`);
  const run = lines.filter((l) => /^(CMD|ENTRYPOINT)\s/i.test(l)).at(-1);
  if (!run || !run.includes("node") || !run.includes(manifest.entryPoint))
    problems.push(`no CMD or ENTRYPOINT runs node ${manifest.entryPoint}`);
  return problems;
}

/** The commands that deploy one service to `project`, as argv arrays. */
export function deployCommands(manifest, { project, sourceDir }) {
  if (manifest.kind === "cloud-run") return cloudRunCommands(manifest, { project, sourceDir });
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
  const complete = () => fs.existsSync(path.join(dir, "node_modules/.package-lock.json"));
  if (complete()) return dir;
  // Installed in a folder of its own and then renamed into place, so dry runs side by side (the deploy test runs
  // several) never install into, or delete, the same folder.
  const work = `${dir}.${process.pid}-${Date.now()}`;
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(path.join(work, "package.json"), JSON.stringify({ private: true, dependencies }));
  const res = spawnSync(
    "npm",
    ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
    {
      cwd: work,
      encoding: "utf8",
    },
  );
  if (res.status !== 0) {
    fs.rmSync(work, { recursive: true, force: true });
    throw new Error(`installing runtime dependencies failed: ${res.stderr}`);
  }
  if (!complete()) fs.rmSync(dir, { recursive: true, force: true }); // an earlier run's unfinished folder
  try {
    fs.renameSync(work, dir);
  } catch (err) {
    // another dry run finished the same install first
    fs.rmSync(work, { recursive: true, force: true });
    if (!complete()) throw err;
  }
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
  if (manifest.kind === "cloud-run") {
    const problems = checkDockerfile(fs.readFileSync(path.join(distDir, "Dockerfile"), "utf8"), manifest);
    if (problems.length > 0) throw new Error(`Dockerfile: ${problems.join("; ")}`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(distDir, "package.json"), "utf8"));
  const depsDir = installRuntimeDeps(pkg.dependencies ?? {}, cacheRoot);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `panoptes-${manifest.name}-`));
  try {
    fs.cpSync(distDir, tmp, { recursive: true });
    fs.symlinkSync(path.join(depsDir, "node_modules"), path.join(tmp, "node_modules"), "dir");
    if (manifest.kind === "cloud-run") return probeServer(manifest, tmp, pkg);
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

// A Cloud Run bundle is a server: start it on a free port in the empty folder and ask its health endpoint.
function probeServer(manifest, dir, pkg) {
  const script =
    `const { spawn } = require("node:child_process");` +
    `const child = spawn(process.execPath, [${JSON.stringify(path.join(dir, manifest.entryPoint))}], { cwd: ${JSON.stringify(dir)}, env: { PATH: process.env.PATH, HOME: ${JSON.stringify(dir)}, PORT: "0", GCLOUD_PROJECT: "demo-deploy-check" }, stdio: ["ignore", "pipe", "pipe"] });` +
    `let log = ""; const fail = (m) => { child.kill(); console.error(m + "\\n" + log); process.exit(3); };` +
    `const timer = setTimeout(() => fail("the server did not start within 20 s"), 20000);` +
    `child.stderr.on("data", (d) => (log += d)); child.on("exit", (c) => fail("the server exited with " + c));` +
    `child.stdout.on("data", async (d) => { log += d; const m = /listening on port (\\d+)/.exec(log); if (!m) return;` +
    `  const res = await fetch("http://127.0.0.1:" + m[1] + "/healthz").catch((e) => fail(String(e)));` +
    `  clearTimeout(timer); child.removeAllListeners("exit"); child.kill(); console.log(res.status); process.exit(res.status === 200 ? 0 : 3); });`;
  const res = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30000 });
  if (res.status !== 0)
    throw new Error(`bundle does not serve on its own: ${res.stderr.trim() || res.stdout.trim()}`);
  return `serves GET /healthz in an empty folder with only ${Object.keys(pkg.dependencies ?? {}).join(", ") || "no dependencies"}; Dockerfile FROM ${manifest.baseImage}, installs ${manifest.apt.join(", ")}`;
}
