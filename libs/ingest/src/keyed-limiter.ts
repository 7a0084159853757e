/**
 * At most `limit` tasks at a time per key (e.g. per observation), the rest queued in order. record-image runs
 * an observation's images through one, so a burst of images of one observation does not pile transactions onto
 * the same counter documents (each would abort and retry); different observations still run in parallel.
 */
export interface KeyedLimiter {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** Creates a KeyedLimiter; its state lives in the object, one per deps. */
export function createKeyedLimiter(limit: number): KeyedLimiter {
  const active = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  const release = (key: string) => {
    const next = waiting.get(key)?.shift();
    if (next) return next();
    const n = (active.get(key) ?? 1) - 1;
    if (n === 0) {
      active.delete(key);
      waiting.delete(key);
    } else active.set(key, n);
  };
  return {
    async run(key, task) {
      const n = active.get(key) ?? 0;
      if (n < limit) active.set(key, n + 1);
      else await new Promise<void>((resolve) => waiting.set(key, [...(waiting.get(key) ?? []), resolve]));
      try {
        return await task();
      } finally {
        release(key);
      }
    },
  };
}
