/**
 * solve-image for `npm start`: the Cloud Run service as a local HTTP server, with a real push subscription
 * (`solve-image-push`) on the Pub/Sub emulator. Needs the emulator host variables; runs until SIGTERM/SIGINT/SIGHUP or
 * until its stdin ends (its parent is gone).
 *   npx tsx scripts/dev/solve-image-local.ts [--port N]
 */
import { startLocalSolveImage } from "../../services/solve-image/src/local";
import { runUntilStopped } from "../lib/run-until-stopped";

async function main(): Promise<void> {
  const i = process.argv.indexOf("--port");
  const port = i >= 0 ? Number(process.argv[i + 1]) : 0;
  const local = await startLocalSolveImage({ env: process.env, port });
  console.log(`solve-image listening on ${local.endpoint} (push subscription ${local.subscription})`);
  runUntilStopped(() => local.close());
}

main().catch((err: unknown) => {
  console.error(`solve-image: ${(err as Error).message}`);
  process.exit(1);
});
