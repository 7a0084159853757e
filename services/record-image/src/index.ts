import { createImageRecorder } from "@panoptes/ingest";
import { cloudEventHandler, functionOptions, lazy, pipelineClients } from "@panoptes/platform";
import { onMessagePublished } from "firebase-functions/v2/pubsub";
import manifest from "../service.json";
import { parseConfig } from "./config";
import { type Deps, handleRecordImage } from "./handler";

// Clients are built on the first message, not at import.
const getDeps = lazy((): Deps => {
  const config = parseConfig();
  const clients = pipelineClients(config, manifest.name);
  return {
    ...clients,
    maxHeaderBytes: config.MAX_HEADER_BYTES,
    // One group commit per instance: concurrent messages of a unit share a transaction.
    recorder: createImageRecorder(clients.db),
    recordedImageTopics: config.RECORDED_IMAGE_TOPICS,
  };
});

// cpu 1, concurrency 80 (service.json): many messages per instance at once, so the group commit can batch them.
export const recordImage = onMessagePublished(
  functionOptions(manifest, "topic"),
  cloudEventHandler(handleRecordImage, getDeps),
);
