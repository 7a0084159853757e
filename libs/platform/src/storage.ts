import type { File, Storage } from "@google-cloud/storage";
import { PermanentError, TransientError } from "./errors";
import { rangedGet } from "./ranged-get";

/** What we need to know about a stored object. */
export interface ObjectInfo {
  bucket: string;
  path: string;
  /** decimal string (beyond 2^53) */
  generation: string;
  /** bytes */
  size: number;
  contentType: string | null;
  /** base64 MD5 */
  md5: string | null;
  updated: string | null;
}

/** Object access used by the services: ranged reads, whole reads, writes, listing. */
export interface ObjectStore {
  /** Bytes [start, end) of an object (end exclusive), optionally of one generation. */
  readRange(bucket: string, path: string, start: number, end: number, generation?: string): Promise<Buffer>;
  read(bucket: string, path: string, generation?: string): Promise<Buffer>;
  /** Metadata, or null when the object does not exist. */
  stat(bucket: string, path: string): Promise<ObjectInfo | null>;
  write(
    bucket: string,
    path: string,
    data: Buffer | Uint8Array,
    options?: { contentType?: string; metadata?: Record<string, string> },
  ): Promise<ObjectInfo>;
  list(
    bucket: string,
    options?: { prefix?: string; pageToken?: string; maxResults?: number },
  ): Promise<{ items: ObjectInfo[]; nextPageToken: string | null }>;
}

/** Raised when the object (or that generation of it) does not exist. */
export class ObjectNotFoundError extends PermanentError {
  constructor(bucket: string, path: string, generation?: string) {
    super("object-not-found", `gs://${bucket}/${path}${generation ? `#${generation}` : ""} does not exist`);
  }
}

function httpCode(err: unknown): number | undefined {
  const c = (err as { code?: unknown }).code;
  return typeof c === "number" ? c : undefined;
}

/** Whether `err` (or its cause) is a connection dropped by the other side before an answer. */
function staleSocket(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "EPIPE" || code === "ECONNRESET") return true;
    if (/\b(EPIPE|ECONNRESET)\b/.test(String((e as { message?: unknown }).message ?? ""))) return true;
  }
  return false;
}

function mapError(err: unknown, bucket: string, path: string, generation?: string): Error {
  const code = httpCode(err);
  if (code === 404) return new ObjectNotFoundError(bucket, path, generation);
  if (code === 416)
    return new PermanentError(
      "range-not-satisfiable",
      `gs://${bucket}/${path}: requested range is beyond the object's end`,
      { cause: err },
    );
  if (code !== undefined && code >= 400 && code < 500 && code !== 408 && code !== 429) {
    return new PermanentError(`storage-${code}`, `gs://${bucket}/${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return new TransientError("storage-unavailable", `gs://${bucket}/${path}: ${(err as Error).message}`, {
    cause: err,
  });
}

function info(file: File): ObjectInfo {
  const m = file.metadata;
  return {
    bucket: file.bucket.name,
    path: file.name,
    generation: String(m.generation ?? ""),
    size: Number(m.size ?? 0),
    contentType: m.contentType ?? null,
    md5: m.md5Hash ?? null,
    updated: m.updated ?? null,
  };
}

/** An ObjectStore over @google-cloud/storage (which follows STORAGE_EMULATOR_HOST locally). */
export function createObjectStore(storage: Storage): ObjectStore {
  const file = (bucket: string, path: string, generation?: string) =>
    storage.bucket(bucket).file(path, generation ? { generation: Number(generation) } : {});
  const guard = async <T>(
    bucket: string,
    path: string,
    generation: string | undefined,
    op: () => Promise<T>,
    retryStale = true,
  ) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (err) {
        // A keep-alive socket the server closed while idle fails the next request at once (EPIPE, ECONNRESET)
        // before anything was processed: the request is sent again on a fresh connection, twice at most
        // (not for ranged reads, whose own client already retries).
        if (retryStale && attempt < 3 && staleSocket(err)) continue;
        throw mapError(err, bucket, path, generation);
      }
    }
  };
  return {
    readRange: (bucket, path, start, end, generation) =>
      guard(
        bucket,
        path,
        generation,
        async () => {
          if (end <= start) return Buffer.alloc(0);
          // Ranged downloads cannot be checksummed against the whole object's hash.
          return rangedGet(storage, { bucket, path, generation }, start, end);
        },
        false,
      ), // rangedGet retries dropped connections itself
    read: (bucket, path, generation) =>
      guard(bucket, path, generation, async () => (await file(bucket, path, generation).download())[0]),
    stat: async (bucket, path) => {
      try {
        const f = file(bucket, path);
        await f.getMetadata();
        return info(f);
      } catch (err) {
        if (httpCode(err) === 404) return null;
        throw mapError(err, bucket, path);
      }
    },
    write: (bucket, path, data, options = {}) =>
      guard(bucket, path, undefined, async () => {
        const f = file(bucket, path);
        await f.save(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
          resumable: false,
          contentType: options.contentType,
          metadata: options.metadata ? { metadata: options.metadata } : undefined,
        });
        await f.getMetadata();
        return info(f);
      }),
    list: (bucket, options = {}) =>
      guard(bucket, options.prefix ?? "", undefined, async () => {
        const [files, next] = await storage.bucket(bucket).getFiles({
          prefix: options.prefix,
          pageToken: options.pageToken,
          maxResults: options.maxResults ?? 1000,
          autoPaginate: false,
        });
        const token = (next as { pageToken?: string } | null)?.pageToken ?? null;
        return { items: files.map(info), nextPageToken: token };
      }),
  };
}
