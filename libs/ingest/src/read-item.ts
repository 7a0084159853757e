import { readStoredHeaderValues } from "@panoptes/fits-storage";
import type { ObjectMessage, ObjectPath } from "@panoptes/models";
import type { ObjectStore } from "@panoptes/platform";
import { type RecordItem, recordItem } from "./record";

/**
 * Turns a stored FITS object into a record item, the one way record-image and backfill both do it: the image
 * header of the message's generation read with ranged reads (at most `maxHeaderBytes`, no cards built), its ids
 * checked against the path, its fields computed once. Throws PermanentError for a file that is not readable FITS
 * (`fits-<reason>`) or whose header contradicts its path (`ids-inconsistent`); storage failures keep their kind.
 * `bytesRead`: bytes fetched.
 */
export async function readRecordItem(
  store: ObjectStore,
  message: ObjectMessage,
  path: ObjectPath,
  options: { maxHeaderBytes?: number } = {},
): Promise<{ item: RecordItem; bytesRead: number }> {
  const h = await readStoredHeaderValues(
    store,
    { bucket: message.bucket, path: message.bucket_path, generation: message.generation, size: message.size },
    options,
  );
  return { item: recordItem(message, path, h.header), bytesRead: h.bytesRead };
}
