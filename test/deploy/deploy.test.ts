import { REPO_ROOT } from "@panoptes/testing";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const services = fs
  .readdirSync(path.join(REPO_ROOT, "services"))
  .filter((s) => fs.existsSync(path.join(REPO_ROOT, "services", s, "service.json")));
const manifest = (s: string) =>
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "services", s, "service.json"), "utf8"));
const deploy = (...args: string[]) =>
  spawnSync(path.join(REPO_ROOT, "bin/deploy"), args, { cwd: REPO_ROOT, encoding: "utf8", timeout: 180000 });

describe("bin/deploy --dry-run", () => {
  it("finds at least one service", () => expect(services.length).toBeGreaterThan(0));

  it.each(services)("%s: prints the deploy commands and proves the bundle is self-contained", (service) => {
    const m = manifest(service);
    const res = deploy(service, "--dry-run", "--project", "demo-deploy-check");
    expect(res.stderr).toMatch(/dry run, nothing was deployed/);
    expect(res.status).toBe(0);
    if (m.kind === "hosting") {
      expect(res.stdout).toMatch(/firebase deploy --only hosting --project demo-deploy-check/);
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
  });

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

  it("rejects an unknown service and lists the known ones", () => {
    const res = deploy("no-such-service", "--dry-run");
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('unknown service "no-such-service"');
    for (const s of services) expect(res.stderr).toContain(s);
  });
});
