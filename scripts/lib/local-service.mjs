// A Cloud Run service beside the emulators for `npm start`: its `scripts/dev/<name>-local.ts` runs as a child process
// (an HTTP server behind a real push subscription on the Pub/Sub emulator) and prints "listening on URL".
import { spawn } from "node:child_process";
import path from "node:path";

/** Starts `scripts/<script>`; resolves to {endpoint, stop()} or null when the child exits before listening. */
export async function startLocalService({ root, script, env, log }) {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts", script)], {
    cwd: root,
    env,
    // stdin: a pipe nobody writes to; it ends when this process dies, however it dies, and the service then
    // stops itself (scripts/lib/run-until-stopped.ts)
    stdio: ["pipe", "pipe", "pipe"],
  });
  const endpoint = await new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
      for (const line of String(d).split("\n")) if (line) log(line);
    });
    child.stderr.on("data", (d) => {
      for (const line of String(d).split("\n")) if (line) log(line);
    });
    child.on("exit", () => resolve(null));
  });
  const stop = () => {
    child.kill("SIGTERM");
    child.stdin.end();
  };
  return endpoint ? { endpoint, stop } : null;
}
