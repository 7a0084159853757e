import { createKeyedLimiter } from "@panoptes/ingest";

describe("createKeyedLimiter", () => {
  it("runs at most `limit` tasks per key at once, and other keys in parallel", async () => {
    const limiter = createKeyedLimiter(2);
    const running: Record<string, number> = {};
    const peak: Record<string, number> = {};
    const task = (key: string) =>
      limiter.run(key, async () => {
        running[key] = (running[key] ?? 0) + 1;
        peak[key] = Math.max(peak[key] ?? 0, running[key]!);
        await new Promise((r) => setTimeout(r, 5));
        running[key]! -= 1;
        return key;
      });
    const results = await Promise.all([...Array(10)].flatMap(() => [task("a"), task("b")]));
    expect(results.filter((r) => r === "a")).toHaveLength(10);
    expect(peak).toEqual({ a: 2, b: 2 });
  });

  it("releases its slot when a task fails", async () => {
    const limiter = createKeyedLimiter(1);
    await expect(limiter.run("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run("k", async () => "ok")).resolves.toBe("ok");
  });
});
