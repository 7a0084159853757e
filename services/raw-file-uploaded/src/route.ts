import {
  type FileKind,
  InvalidPathError,
  type ObjectMessage,
  objectMessage,
  parseObjectPath,
  TOPICS,
} from "@panoptes/models";
import { z } from "zod";
import type { Config } from "./config";

/** The fields of a Cloud Storage object-finalized event that routing uses (validated at the edge). */
export const StorageObject = z.object({
  bucket: z.string().min(1),
  name: z.string().min(1),
  generation: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String),
  size: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
  contentType: z.string().nullish(),
  md5Hash: z.string().nullish(),
  timeCreated: z.string().nullish(),
});
export type StorageObject = z.infer<typeof StorageObject>;

/** What to do with one object. */
export type Route =
  | { action: "publish"; topic: string; message: ObjectMessage }
  | { action: "ignore"; reason: string }
  | { action: "reject"; code: string; reason: string };

const TOPIC_BY_KIND: Record<FileKind, string | null> = {
  fits: TOPICS.recordImage,
  cr2: TOPICS.makeRgbFits,
  "side-product": null,
};

/** Decides, without I/O, where an object goes: a topic, nowhere (logged), or the rejected uploads. */
export function routeObject(object: StorageObject, config: Config): Route {
  if (object.bucket !== config.RAW_BUCKET) {
    return { action: "ignore", reason: `bucket ${object.bucket} is not the raw bucket ${config.RAW_BUCKET}` };
  }
  let path;
  try {
    path = parseObjectPath(object.name);
  } catch (err) {
    if (err instanceof InvalidPathError) return { action: "reject", code: err.code, reason: err.message };
    throw err;
  }
  if (config.BLOCKED_UNITS.includes(path.unit_id)) {
    return { action: "ignore", reason: `unit ${path.unit_id} is blocked by configuration (BLOCKED_UNITS)` };
  }
  const topic = TOPIC_BY_KIND[path.kind];
  if (topic === null)
    return { action: "ignore", reason: `side product ${path.extension} is kept as uploaded` };
  if (object.size === 0)
    return { action: "reject", code: "empty-object", reason: `${object.name} is empty (0 bytes)` };
  return {
    action: "publish",
    topic,
    message: objectMessage(
      {
        bucket: object.bucket,
        generation: object.generation,
        size: object.size,
        content_type: object.contentType ?? null,
        md5: object.md5Hash ?? null,
        time_created: object.timeCreated ?? null,
      },
      path,
    ),
  };
}
