import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./emulators";

/** What scripts/dev/record-image-instance.mjs measured over its messages. */
export interface InstanceResult {
  seconds: number;
  images: number;
  transactions: number;
  attempts: number;
  reads: number;
  writes: number;
  redeliveries: number;
  peakRss: number;
}

/**
 * Runs the deployed record-image bundle as one instance (scripts/dev/record-image-instance.mjs) over `messages`,
 * with `env` added to this process's environment (INSTANCE_CONCURRENCY, INSTANCE_MAX_ATTEMPTS,
 * INSTANCE_BACKOFF_MS, or emulator hosts). Rejects if the instance fails. The instance publishes nothing
 * downstream (RECORDED_IMAGE_TOPICS empty unless `env` sets it): hundreds of recorded images would otherwise
 * start solve-image and make-preview work in the suite's emulators, which these runs do not measure.
 */
export async function runRecordImageInstance(
  messages: readonly unknown[],
  env: Record<string, string> = {},
): Promise<InstanceResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "record-image-instance-"));
  try {
    const input = path.join(dir, "messages.json");
    const output = path.join(dir, "result.json");
    fs.writeFileSync(input, JSON.stringify(messages));
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, "scripts/dev/record-image-instance.mjs"), input, output],
      {
        env: { ...process.env, LOG_LEVEL: "ERROR", RECORDED_IMAGE_TOPICS: "", ...env },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    if (code !== 0) throw new Error(`record-image instance exited with ${code}`);
    return JSON.parse(fs.readFileSync(output, "utf8")) as InstanceResult;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
