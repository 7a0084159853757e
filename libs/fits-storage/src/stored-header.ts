import {
  type AstropyJsonCard,
  type ByteSource,
  cardsToAstropyJson,
  countingByteSource,
  FitsError,
  headerToMap,
  readHeader,
} from "@panoptes/fits";
import { type ObjectStore, PermanentError } from "@panoptes/platform";

/** A ByteSource over one stored object (optionally one generation): each read is one ranged GET. */
export function objectByteSource(
  store: ObjectStore,
  object: { bucket: string; path: string; generation?: string; size?: number },
): ByteSource {
  return {
    size: object.size,
    read: async (start, end) => {
      const stop = object.size === undefined ? end : Math.min(end, object.size);
      if (stop <= start) return new Uint8Array(0);
      return store.readRange(object.bucket, object.path, start, stop, object.generation);
    },
  };
}

/** A stored file's image header as keyword → value, and what reading it cost. */
export interface StoredHeaderValues {
  /** keyword → value (last card wins), as the original get-fits-header answered */
  header: Record<string, unknown>;
  hdu: number;
  compressed: boolean;
  /** bytes fetched and ranged requests made */
  bytesRead: number;
  requests: number;
}

/** A stored file's header, in both shapes the services answer with, and what reading it cost. */
export interface StoredHeader extends StoredHeaderValues {
  /** every card in order, duplicates kept, values as astropy-cards.py prints them */
  cards: AstropyJsonCard[];
}

type StoredObject = { bucket: string; path: string; generation?: string; size?: number };
type HeaderOptions = { hdu?: number | "image"; maxHeaderBytes?: number };

async function readCards(store: ObjectStore, object: StoredObject, options: HeaderOptions) {
  const { source, counts } = countingByteSource(objectByteSource(store, object));
  try {
    const result = await readHeader(source, {
      hdu: options.hdu ?? "image",
      maxHeaderBytes: options.maxHeaderBytes,
    });
    const cards = result.header.cards;
    return {
      cards,
      values: {
        header: headerToMap(cards),
        hdu: result.hdu,
        compressed: result.compressed,
        bytesRead: counts.bytes,
        requests: counts.requests,
      },
    };
  } catch (err) {
    if (err instanceof FitsError) {
      throw new PermanentError(
        `fits-${err.code.toLowerCase()}`,
        `gs://${object.bucket}/${object.path}: ${err.message}`,
        {
          cause: err,
        },
      );
    }
    throw err;
  }
}

/**
 * Reads the header of a stored FITS file with ranged reads (never the whole file). `hdu` defaults to
 * "image": HDU 1 of a tile-compressed (.fz) file, else 0. A file that is not readable FITS becomes a
 * PermanentError with code `fits-<reason>` (e.g. `fits-not_fits`); storage failures keep their own kind.
 */
export async function readStoredHeader(
  store: ObjectStore,
  object: StoredObject,
  options: HeaderOptions = {},
): Promise<StoredHeader> {
  const { cards, values } = await readCards(store, object, options);
  return { ...values, cards: cardsToAstropyJson(cards).cards };
}

/** As readStoredHeader, without building astropy-style cards (the recorders need only the values). */
export async function readStoredHeaderValues(
  store: ObjectStore,
  object: StoredObject,
  options: HeaderOptions = {},
): Promise<StoredHeaderValues> {
  return (await readCards(store, object, options)).values;
}
