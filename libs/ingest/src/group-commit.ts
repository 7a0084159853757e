/**
 * Group commit: items submitted under one key are committed together, one batch in flight per key at a time.
 * While a batch commits, newly submitted items of its key wait, and the next batch takes all of them (up to
 * `maxBatch`). At a trickle every item commits alone and at once; in a burst, one commit carries many items,
 * so the documents they share (an observation's and a unit's counters) are written once per batch, not once
 * per item, and batches of one key never contend with each other.
 */
export interface GroupCommit<I, R> {
  /** Resolves with the item's result once the batch that carries it has committed; rejects if it failed. */
  submit(key: string, item: I): Promise<R>;
}

interface Pending<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

export function createGroupCommit<I, R>(options: {
  /** Commits a batch; returns one result per item, in order. */
  commit: (items: I[]) => Promise<R[]>;
  maxBatch: number;
  /**
   * Whether a batch that failed with `err` is committed again one item at a time, so one bad item cannot fail
   * the others (transient failures should not be split: every item would fail the same way).
   */
  splitOnError?: (err: unknown) => boolean;
}): GroupCommit<I, R> {
  const queues = new Map<string, Array<Pending<I, R>>>();

  async function commitAlone(p: Pending<I, R>): Promise<void> {
    try {
      p.resolve((await options.commit([p.item]))[0]!);
    } catch (err) {
      p.reject(err);
    }
  }

  async function drain(key: string, queue: Array<Pending<I, R>>): Promise<void> {
    // Let items submitted in the same turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      try {
        const results = await options.commit(batch.map((p) => p.item));
        batch.forEach((p, k) => p.resolve(results[k]!));
      } catch (err) {
        if (batch.length > 1 && options.splitOnError?.(err)) {
          for (const p of batch) await commitAlone(p);
        } else for (const p of batch) p.reject(err);
      }
    }
    queues.delete(key);
  }

  return {
    submit(key, item) {
      return new Promise<R>((resolve, reject) => {
        const queue = queues.get(key);
        if (queue) {
          queue.push({ item, resolve, reject });
          return;
        }
        const fresh = [{ item, resolve, reject }];
        queues.set(key, fresh);
        void drain(key, fresh);
      });
    },
  };
}
