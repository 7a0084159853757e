import { functionOptions, lazy, pipelineClients } from "@panoptes/platform";
import { onObjectFinalized } from "firebase-functions/v2/storage";
import manifest from "../service.json";
import { parseConfig } from "./config";
import { type Deps, handleObjectFinalized } from "./handler";

// Clients are built on the first event, not at import (deployment analysis and cold starts stay cheap).
const getDeps = lazy((): Deps => {
  const config = parseConfig();
  const { publisher, db, logger } = pipelineClients(config, manifest.name);
  return { config, publisher, db, logger };
});

export const rawFileUploaded = onObjectFinalized(functionOptions(manifest, "storage"), async (event) => {
  await handleObjectFinalized(event.data, getDeps());
});
