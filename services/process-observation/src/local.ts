import { type LocalPushService, startLocalPushService } from "@panoptes/platform";
import manifest from "../service.json";
import { parseConfig } from "./config";
import type { Deps } from "./handler";
import { createDeps, createProcessObservationServer } from "./service";

/**
 * process-observation on the emulators as Cloud Run runs it (libs/platform startLocalPushService): its server on
 * 127.0.0.1:`port` behind a push subscription on topic process-observation; `env` names the emulators.
 */
export async function startLocalProcessObservation(options: {
  env: Record<string, string | undefined>;
  port?: number;
  subscription?: string;
}): Promise<LocalPushService<Deps>> {
  const config = parseConfig(options.env);
  const deps = createDeps(config);
  const server = createProcessObservationServer(deps);
  return startLocalPushService({ ...options, manifest, projectId: config.GCLOUD_PROJECT, server, deps });
}
