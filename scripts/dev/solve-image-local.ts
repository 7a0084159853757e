/**
 * solve-image for `npm start`: the Cloud Run service as a local HTTP server, with a real push subscription
 * (`solve-image-push`) on the Pub/Sub emulator. Needs the emulator host variables; runs until SIGTERM/SIGINT/SIGHUP or
 * until its stdin ends (its parent is gone).
 *   npx tsx scripts/dev/solve-image-local.ts [--port N] [--subscription NAME]
 * (tests run it with a subscription of their own: a process of its own, as the deployed service is, so its solving
 * uses the other core rather than the test's event loop)
 */
import { startLocalSolveImage } from "../../services/solve-image/src/local";
import { runUntilStopped } from "../lib/run-until-stopped";

async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const port = Number(arg("--port") ?? 0);
  const subscription = arg("--subscription");
  const local = await startLocalSolveImage({
    env: process.env,
    port,
    ...(subscription ? { subscription } : {}),
  });
  console.log(`solve-image listening on ${local.endpoint} (push subscription ${local.subscription})`);
  runUntilStopped(() => local.close());
}

main().catch((err: unknown) => {
  console.error(`solve-image: ${(err as Error).message}`);
  process.exit(1);
});
