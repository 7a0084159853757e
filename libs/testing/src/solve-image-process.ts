import { spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./emulators";

/** solve-image running in a process of its own (scripts/dev/solve-image-local.ts), behind a push subscription. */
export interface SolveImageProcess {
  /** the local server's address */
  endpoint: string;
  /** stops the process (its stdin closes; SIGKILL after 5 s) and waits for it */
  close(): Promise<void>;
}

/**
 * Starts solve-image as `npm start` runs it, in a child process with `env` added to this process's environment
 * and a push subscription named `subscription` on the Pub/Sub emulator. A process of its own, as the deployed
 * service is: its star detection and solve-field then use the machine's other core instead of the test's event
 * loop. Its log goes to this process's stdout. Rejects when it does not announce its address within `timeoutMs`.
 */
export async function startSolveImageProcess(options: {
  subscription: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<SolveImageProcess> {
  const child = spawn(
    path.join(REPO_ROOT, "node_modules/.bin/tsx"),
    [path.join(REPO_ROOT, "scripts/dev/solve-image-local.ts"), "--subscription", options.subscription],
    { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`solve-image did not start within ${options.timeoutMs ?? 60_000} ms: ${out}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`solve-image exited with ${code} before it listened: ${out}`));
    });
  });
  // its log lines (one JSON line per message) go where this process's own logs go
  child.stdout!.pipe(process.stdout);
  return {
    endpoint,
    async close() {
      if (child.exitCode !== null) return;
      child.stdin!.end();
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(kill);
    },
  };
}
