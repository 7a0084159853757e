import { parseConfig } from "./config";
import { listen } from "@panoptes/platform";
import { createDeps, createSolveImageServer } from "./service";

// The Cloud Run entry point: configuration and clients are built here, when the container starts.
async function main(): Promise<void> {
  const config = parseConfig();
  const deps = createDeps(config);
  const server = createSolveImageServer(deps);
  const port = await listen(server, config.PORT);
  deps.logger.info(`solve-image listening on port ${port}`);
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
