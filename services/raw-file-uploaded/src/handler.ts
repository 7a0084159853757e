import { COLLECTIONS } from "@panoptes/models";
import { errorInfo, type Logger, PermanentError, type Publisher } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";
import { createHash } from "node:crypto";
import type { Config } from "./config";
import { type Route, routeObject, StorageObject } from "./route";

export interface Deps {
  config: Config;
  publisher: Publisher;
  db: Firestore;
  logger: Logger;
}

/** Deterministic id of a rejected upload: the same object generation always maps to the same record. */
export function rejectedUploadId(bucket: string, path: string, generation: string): string {
  return createHash("sha256").update(`${bucket}/${path}#${generation}`).digest("hex").slice(0, 32);
}

/**
 * Handles one object-finalized event: validates it, routes it, and publishes, ignores (logged) or records a
 * rejected upload (`rejected_uploads`, with the reason). Publishing failures throw, so the trigger retries.
 */
export async function handleObjectFinalized(data: unknown, deps: Deps): Promise<Route> {
  const parsed = StorageObject.safeParse(data);
  if (!parsed.success) {
    const reason = `storage event is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
    deps.logger.error(reason, { event: data });
    // Nothing identifies the object well enough to record it; acknowledging is the only way out of a retry loop.
    return { action: "reject", code: "invalid-event", reason };
  }
  const object = parsed.data;
  const log = deps.logger.child({ bucket_path: object.name, generation: object.generation });
  const route = routeObject(object, deps.config);
  switch (route.action) {
    case "publish":
      await deps.publisher.publishJson(route.topic, route.message, {
        image_id: route.message.image_id,
        generation: route.message.generation,
        kind: route.message.kind,
      });
      log.info(`routed to ${route.topic}`, { image_id: route.message.image_id, topic: route.topic });
      break;
    case "ignore":
      log.info(`ignored: ${route.reason}`);
      break;
    case "reject": {
      const id = rejectedUploadId(object.bucket, object.name, object.generation);
      await deps.db
        .collection(COLLECTIONS.rejectedUploads)
        .doc(id)
        .set({
          bucket: object.bucket,
          bucket_path: object.name,
          generation: object.generation,
          size: object.size,
          content_type: object.contentType ?? null,
          error: {
            ...errorInfo(new PermanentError(route.code, route.reason)),
            service: "raw-file-uploaded",
            time: new Date(),
          },
        });
      log.error(`rejected upload: ${route.reason}`, { code: route.code, rejected_upload_id: id });
      break;
    }
  }
  return route;
}
