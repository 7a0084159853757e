/**
 * solve-image for `npm start`: the Cloud Run service as a local HTTP server, with a real push subscription
 * (`solve-image-push`) on the Pub/Sub emulator. Needs the emulator host variables; runs until SIGTERM/SIGINT.
 *   npx tsx scripts/dev/solve-image-local.ts [--port N]
 */
import { startLocalSolveImage } from "../../services/solve-image/src/local";

async function main(): Promise<void> {
  const i = process.argv.indexOf("--port");
  const port = i >= 0 ? Number(process.argv[i + 1]) : 0;
  const local = await startLocalSolveImage({ env: process.env, port });
  console.log(`solve-image listening on ${local.endpoint} (push subscription ${local.subscription})`);
  const stop = () => void local.close().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  console.error(`solve-image: ${(err as Error).message}`);
  process.exit(1);
});
