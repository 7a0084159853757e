import type { Resolution } from "./resolution";

/** Stores resolutions by key (the service implements it on Firestore; see {@link createMemoryCache}). */
export interface ResolutionCache {
  /** The stored resolution for `key`, or null (undefined is accepted too) when absent or expired. */
  get(key: string): Promise<Resolution | null | undefined>;
  set(key: string, resolution: Resolution): Promise<void>;
}

export interface MemoryCacheOptions {
  /** Entries kept before the least recently used is dropped; default 1000. */
  maxEntries?: number;
  /** Lifetime of an entry in milliseconds; default: no expiry. */
  ttlMs?: number;
  /** Clock in milliseconds since the epoch, for tests; default `Date.now`. */
  now?: () => number;
}

/** An in-process LRU cache of resolutions with an optional lifetime; state lives in the returned object. */
export function createMemoryCache(options: MemoryCacheOptions = {}): ResolutionCache & { size(): number } {
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { resolution: Resolution; expires: number }>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return null;
      entries.delete(key);
      if (entry.expires <= now()) return null;
      entries.set(key, entry);
      return structuredClone(entry.resolution);
    },
    async set(key, resolution) {
      entries.delete(key);
      entries.set(key, {
        resolution: structuredClone(resolution),
        expires: options.ttlMs === undefined ? Infinity : now() + options.ttlMs,
      });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    size: () => entries.size,
  };
}
