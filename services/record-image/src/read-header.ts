import { readStoredHeader } from "@panoptes/fits-storage";
import type { ObjectStore } from "@panoptes/platform";
import type { Deps } from "./handler";

/** Deps.readHeader over an object store: the image header of one generation, read with ranged reads. */
export function headerReader(store: ObjectStore, maxHeaderBytes?: number): Deps["readHeader"] {
  return async (bucket, path, generation) => {
    const h = await readStoredHeader(store, { bucket, path, generation }, { maxHeaderBytes });
    return { header: h.header, bytesRead: h.bytesRead };
  };
}
