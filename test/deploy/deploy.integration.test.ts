import { REPO_ROOT } from "@panoptes/testing";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const services = fs
  .readdirSync(path.join(REPO_ROOT, "services"))
  .filter((s) => fs.existsSync(path.join(REPO_ROOT, "services", s, "service.json")));
const manifest = (s: string) =>
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "services", s, "service.json"), "utf8"));
const deploy = (...args: string[]) =>
  spawnSync(path.join(REPO_ROOT, "bin/deploy"), args, { cwd: REPO_ROOT, encoding: "utf8", timeout: 180000 });

interface DryRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `bin/deploy <service> --dry-run` run in the background; each service's test awaits its own. */
function dryRun(service: string): Promise<DryRun> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(REPO_ROOT, "bin/deploy"),
      [service, "--dry-run", "--project", "demo-deploy-check"],
      { cwd: REPO_ROOT },
    );
    const out = { stdout: "", stderr: "" };
    child.stdout.on("data", (d) => (out.stdout += d));
    child.stderr.on("data", (d) => (out.stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 180000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, ...out });
    });
  });
}

describe("bin/deploy --dry-run", () => {
  // Each dry run bundles a service and loads it in an empty folder with Node: mostly waiting on child processes,
  // so three run at once (the Data Explorer's is only checked, as npm test has built it already).
  const runs = new Map<string, Promise<DryRun>>();
  beforeAll(() => {
    const lanes = [0, 1, 2].map(() => Promise.resolve());
    services.forEach((service, i) => {
      const run = lanes[i % lanes.length]!.then(() => dryRun(service));
      lanes[i % lanes.length] = run.then(() => undefined);
      runs.set(service, run);
    });
  });

  it("finds at least one service", () => expect(services.length).toBeGreaterThan(0));

  it.each(services)(
    "%s: prints the deploy commands and proves the bundle is self-contained",
    async (service) => {
      const m = manifest(service);
      const res = (await runs.get(service))!;
      expect(res.stderr).toMatch(/dry run, nothing was deployed/);
      expect(res.status).toBe(0);
      if (m.kind === "hosting") {
        expect(res.stdout).toMatch(/firebase deploy --only hosting --project demo-deploy-check/);
        return;
      }
      if (m.kind === "cloud-run") {
        expect(res.stderr).toMatch(/serves GET \/healthz in an empty folder/);
        const image = `us-central1-docker.pkg.dev/demo-deploy-check/panoptes/${m.name}:latest`;
        expect(res.stdout).toContain(
          `docker build --platform=linux/amd64 -t ${image} .cache/deploy/${service}`,
        );
        expect(res.stdout).toContain(`docker push ${image}`);
        expect(res.stdout).toMatch(
          new RegExp(`gcloud run deploy ${m.name} --image=${image} .*--no-allow-unauthenticated`),
        );
        expect(res.stdout).toContain(
          `--member=serviceAccount:${m.invokerServiceAccount}@demo-deploy-check.iam.gserviceaccount.com --role=roles/run.invoker`,
        );
        expect(res.stdout).toMatch(
          new RegExp(
            `gcloud pubsub subscriptions create ${m.name}-push .*--topic=${m.trigger.topic} '--push-endpoint=\\{\\{url:${m.name}\\}\\}/' --push-auth-service-account=.* --dead-letter-topic=${m.deadLetterTopic} --max-delivery-attempts=${m.maxDeliveryAttempts}`,
          ),
        );
        return;
      }
      expect(res.stderr).toMatch(new RegExp(`loads in an empty folder .*exports ${m.entryPoint}`));
      const line = res.stdout.trim().split("\n").pop()!;
      expect(line).toContain(`gcloud functions deploy ${m.name} --gen2 --project=demo-deploy-check`);
      expect(line).toContain("--runtime=nodejs22");
      expect(line).toContain(`--entry-point=${m.entryPoint}`);
      expect(line).toContain(`--source=.cache/deploy/${service}`);
      expect(line).toContain("GCLOUD_PROJECT=demo-deploy-check");
      if (m.trigger.type === "http") {
        expect(line).toContain(m.trigger.public ? "--allow-unauthenticated" : "--no-allow-unauthenticated");
      }
      if (m.trigger.type === "topic") expect(line).toContain(`--trigger-topic=${m.trigger.topic}`);
      if (m.trigger.type === "storage") expect(line).toContain("--trigger-bucket=");
      if (m.trigger.type === "schedule") {
        expect(line).toContain("--trigger-http --no-allow-unauthenticated");
        expect(res.stdout).toContain(`gcloud scheduler jobs create http ${m.name}-schedule`);
        expect(res.stdout).toContain(`'--schedule=${m.trigger.schedule}'`);
      }
      if (m.concurrency) expect(line).toContain(`--cpu=${m.cpu} --concurrency=${m.concurrency}`);
    },
    300_000,
  );

  it("record-image serves many messages per instance, so its group commit can batch them", () => {
    expect(manifest("record-image")).toMatchObject({ cpu: 1, concurrency: expect.any(Number) });
    expect(manifest("record-image").concurrency).toBeGreaterThan(1);
  });

  it("refuses a manifest asking for concurrency without a whole CPU", () => {
    const plan = path.join(REPO_ROOT, "scripts/lib/deploy-plan.mjs");
    const check = (raw: object) =>
      spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import { parseManifest } from ${JSON.stringify(plan)}; parseManifest(JSON.parse(process.argv[1]), "record-image");`,
          JSON.stringify(raw),
        ],
        { encoding: "utf8" },
      );
    expect(check(manifest("record-image")).status).toBe(0);
    const res = check({ ...manifest("record-image"), cpu: 0.5 });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("record-image: concurrency above 1 needs cpu of at least 1");
  });

  it("checks a Cloud Run service's Dockerfile: base image, Debian packages, the bundle and how it runs", () => {
    const plan = path.join(REPO_ROOT, "scripts/lib/deploy-plan.mjs");
    const check = (dockerfile: string) =>
      spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import { checkDockerfile, parseManifest } from ${JSON.stringify(plan)};` +
            `console.log(JSON.stringify(checkDockerfile(process.argv[1], parseManifest(JSON.parse(process.argv[2]), "solve-image"))));`,
          dockerfile,
          JSON.stringify(manifest("solve-image")),
        ],
        { encoding: "utf8" },
      );
    const ours = fs.readFileSync(path.join(REPO_ROOT, "services/solve-image/Dockerfile"), "utf8");
    expect(JSON.parse(check(ours).stdout)).toEqual([]);
    const wrong = ours
      .replace("node:22-bookworm-slim", "node:20-alpine")
      .replace(" astrometry-data-tycho2-10-19", "");
    expect(JSON.parse(check(wrong).stdout)).toEqual([
      "the image is FROM node:20-alpine, not node:22-bookworm*",
      "the Debian package astrometry-data-tycho2-10-19 is not installed (apt-get install)",
    ]);
  });

  it("rejects an unknown service and lists the known ones", () => {
    const res = deploy("no-such-service", "--dry-run");
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('unknown service "no-such-service"');
    for (const s of services) expect(res.stderr).toContain(s);
  });
});
