#!/usr/bin/env node
// bin/deploy <service> [--project ID] [--dry-run]
// Builds one service's bundle and deploys it with the settings in services/<service>/service.json.
// --dry-run prints the exact commands and verifies the bundle is self-contained, without calling Google Cloud.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildExplorer } from "./lib/build-explorer.mjs";
import { buildService, listServices } from "./lib/build-services.mjs";
import { ROOT } from "./lib/firebase-config.mjs";
import { deployCommands, parseManifest, verifyBundle } from "./lib/deploy-plan.mjs";
import { shellLine } from "./lib/shell.mjs";

const USAGE = "usage: bin/deploy <service> [--project ID] [--dry-run]";

function parseArgs(argv) {
  const out = { service: null, project: process.env.GCLOUD_PROJECT ?? null, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--dry-run") out.dryRun = true;
    else if (a === "--project") out.project = argv[++i] ?? null;
    else if (a.startsWith("--project=")) out.project = a.slice("--project=".length);
    else if (a === "--help" || a === "-h") out.help = true;
    else if (!a.startsWith("-") && !out.service) out.service = a;
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const services = listServices();
  const names = services.map((s) => s.manifest.name);
  if (args.help || !args.service) {
    console.log(`${USAGE}\nservices: ${names.join(", ")}`);
    return args.help ? 0 : 2;
  }
  const service = services.find((s) => s.manifest.name === args.service);
  if (!service) {
    console.error(`deploy: unknown service "${args.service}"; known services: ${names.join(", ")}`);
    return 2;
  }
  const project = args.project ?? (args.dryRun ? "demo-panoptes" : null);
  if (!project) {
    console.error("deploy: name the project with --project ID (or set GCLOUD_PROJECT)");
    return 2;
  }
  const manifest = parseManifest(service.manifest, `services/${args.service}/service.json`);
  // A folder of its own, so a deploy never rewrites the dist/ that running emulators load.
  const outDir = manifest.kind === "hosting" ? undefined : path.join(ROOT, ".cache/deploy", manifest.name);
  const dist =
    manifest.kind === "hosting"
      ? (await buildExplorer({ onlyChanged: true }), path.join(service.dir, "dist"))
      : await buildService(service, { outDir });
  const sourceDir = path.relative(process.cwd(), dist) || ".";
  const commands = deployCommands(manifest, { project, sourceDir });
  const check = verifyBundle(manifest, dist);
  console.error(`deploy: bundle ${sourceDir}: ${check}`);
  for (const planned of commands) {
    console.log(shellLine(planned));
    if (args.dryRun) continue;
    const c = planned.map((a) =>
      a.replace(/\{\{url:([a-z0-9-]+)\}\}/, (_, name) => serviceUrl(name, manifest, project)),
    );
    const res = spawnSync(c[0], c.slice(1), { stdio: "inherit" });
    // the topic or the scheduler job may exist already
    const tolerated = (c[1] === "pubsub" || c[1] === "scheduler") && res.status !== 0;
    if (res.status !== 0 && !tolerated) return res.status ?? 1;
  }
  if (args.dryRun) console.error("deploy: dry run, nothing was deployed");
  return 0;
}

// The URL of a deployed Cloud Run service (its push subscription's endpoint).
function serviceUrl(name, manifest, project) {
  const res = spawnSync(
    "gcloud",
    [
      "run",
      "services",
      "describe",
      name,
      `--project=${project}`,
      `--region=${manifest.region}`,
      "--format=value(status.url)",
    ],
    { encoding: "utf8" },
  );
  if (res.status !== 0 || !res.stdout.trim())
    throw new Error(`cannot find the URL of ${name}: ${res.stderr}`);
  return res.stdout.trim();
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`deploy: ${err.message}`);
    process.exit(1);
  },
);
