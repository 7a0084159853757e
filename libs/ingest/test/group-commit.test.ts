import { createGroupCommit } from "@panoptes/ingest";

/** A commit function that records its batches and waits until released, so tests control timing. */
function controlledCommit() {
  const batches: string[][] = [];
  const releases: Array<() => void> = [];
  let failWith: ((items: string[]) => unknown) | null = null;
  const commit = async (items: string[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => releases.push(resolve));
    const err = failWith?.(items);
    if (err) throw err;
    return items.map((i) => `done:${i}`);
  };
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.splice(0).forEach((r) => r());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, commit, releaseAll, fail: (f: typeof failWith) => (failWith = f) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("createGroupCommit", () => {
  it("commits a lone item at once, and what arrives meanwhile in one next batch", async () => {
    const c = controlledCommit();
    const group = createGroupCommit({ commit: c.commit, maxBatch: 10 });
    const first = group.submit("PAN001", "a");
    await tick();
    expect(c.batches).toEqual([["a"]]);
    const rest = ["b", "c", "d"].map((i) => group.submit("PAN001", i));
    await tick();
    // One batch in flight per key: b, c, d wait for a's commit.
    expect(c.batches).toEqual([["a"]]);
    await c.releaseAll();
    expect(await first).toBe("done:a");
    expect(await Promise.all(rest)).toEqual(["done:b", "done:c", "done:d"]);
    expect(c.batches).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("runs different keys in parallel and never mixes them", async () => {
    const c = controlledCommit();
    const group = createGroupCommit({ commit: c.commit, maxBatch: 10 });
    const all = [
      group.submit("PAN001", "a1"),
      group.submit("PAN012", "b1"),
      group.submit("PAN001", "a2"),
      group.submit("PAN012", "b2"),
    ];
    await tick();
    expect(c.batches).toEqual([
      ["a1", "a2"],
      ["b1", "b2"],
    ]);
    await c.releaseAll();
    expect(await Promise.all(all)).toEqual(["done:a1", "done:b1", "done:a2", "done:b2"]);
  });

  it("splits a queue longer than maxBatch into batches in order", async () => {
    const c = controlledCommit();
    const group = createGroupCommit({ commit: c.commit, maxBatch: 3 });
    const all = Array.from({ length: 7 }, (_, i) => group.submit("k", String(i)));
    await tick();
    await c.releaseAll();
    await Promise.all(all);
    expect(c.batches).toEqual([["0", "1", "2"], ["3", "4", "5"], ["6"]]);
  });

  it("fails every item of a batch with a transient error, and goes on with the next batch", async () => {
    const c = controlledCommit();
    const group = createGroupCommit({ commit: c.commit, maxBatch: 2, splitOnError: () => false });
    c.fail((items) => (items.includes("x") ? new Error("unavailable") : null));
    const all = Promise.allSettled(["x", "y", "z"].map((i) => group.submit("k", i)));
    await tick();
    await c.releaseAll();
    const results = await all;
    expect(results.slice(0, 2).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(results[2]).toEqual({ status: "fulfilled", value: "done:z" });
    expect(c.batches).toEqual([["x", "y"], ["z"]]);
  });

  it("retries a batch one item at a time when the error says an item is bad, so only that item fails", async () => {
    const c = controlledCommit();
    const bad = Object.assign(new Error("bad item"), { permanent: true });
    const group = createGroupCommit({
      commit: c.commit,
      maxBatch: 10,
      splitOnError: (err) => (err as { permanent?: boolean }).permanent === true,
    });
    c.fail((items) => (items.includes("bad") ? bad : null));
    const all = Promise.allSettled(["a", "bad", "b"].map((i) => group.submit("k", i)));
    await tick();
    await c.releaseAll();
    const results = await all;
    expect(results).toEqual([
      { status: "fulfilled", value: "done:a" },
      { status: "rejected", reason: bad },
      { status: "fulfilled", value: "done:b" },
    ]);
    expect(c.batches).toEqual([["a", "bad", "b"], ["a"], ["bad"], ["b"]]);
  });

  it("forgets a key once its queue is empty, so the next item commits alone again", async () => {
    const c = controlledCommit();
    const group = createGroupCommit({ commit: c.commit, maxBatch: 10 });
    const one = group.submit("k", "1");
    await tick();
    await c.releaseAll();
    await one;
    const two = group.submit("k", "2");
    await tick();
    await c.releaseAll();
    expect(await two).toBe("done:2");
    expect(c.batches).toEqual([["1"], ["2"]]);
  });
});
