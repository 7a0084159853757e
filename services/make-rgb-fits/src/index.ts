import { cloudEventHandler, functionOptions, lazy, pipelineClients } from "@panoptes/platform";
import { onMessagePublished } from "firebase-functions/v2/pubsub";
import manifest from "../service.json";
import { parseConfig } from "./config";
import { type Deps, handleMakeRgbFits } from "./handler";

// Clients are built on the first message, not at import.
const getDeps = lazy((): Deps => {
  const config = parseConfig();
  return {
    ...pipelineClients(config, manifest.name),
    rgbBucket: config.RGB_BUCKET,
    productTopics: config.RGB_PRODUCT_TOPICS,
  };
});

export const makeRgbFits = onMessagePublished(
  functionOptions(manifest, "topic"),
  cloudEventHandler(handleMakeRgbFits, getDeps),
);
