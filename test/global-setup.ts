import { PubSub } from "@google-cloud/pubsub";
import { TOPICS } from "@panoptes/models";
import { ensureTopics } from "@panoptes/platform";

/** Before any test: the pipeline's topics exist in the Pub/Sub emulator (deploy creates them in production). */
export default async function globalSetup(): Promise<void> {
  if (!process.env.PUBSUB_EMULATOR_HOST) return;
  await ensureTopics(
    new PubSub({ projectId: process.env.GCLOUD_PROJECT ?? "demo-panoptes" }),
    Object.values(TOPICS),
  );
}
