import { DemoPacer } from "../../scripts/lib/demo-pacer";

const a = "PAN001_14d3bd_20240316T060030";
const b = "PAN001_14d3bd_20240316T060130";
const ids = [a, b, "PAN001_14d3bd_20240316T060230"];
const recorded = (generation: string) => ({ status: "recorded", generation, error: null });

describe("DemoPacer", () => {
  it("lets at most `inFlight` images be uploading or unrecorded, and the next go up when one is recorded", () => {
    const p = new DemoPacer({ ids, inFlight: 2, stallMs: 60000 }, 0);
    p.uploadStarted(a, 0);
    p.uploadStarted(b, 0);
    expect(p.canUpload()).toBe(false);
    p.uploadFinished(a, "11", 10);
    expect(p.canUpload()).toBe(false);
    expect(p.observe(a, recorded("11"), 20)).toBe(true);
    expect(p.canUpload()).toBe(true);
    expect(p.progress()).toEqual({ total: 3, uploaded: 1, recorded: 1, errors: 0 });
  });

  it("counts an image only when the recorded generation is the one uploaded", () => {
    const p = new DemoPacer({ ids, inFlight: 3, stallMs: 60000 }, 0);
    p.uploadStarted(a, 0);
    // the document of an earlier upload of the same path, then the trigger's record arriving before the upload returns
    expect(p.observe(a, recorded("10"), 5)).toBe(false);
    expect(p.observe(a, recorded("11"), 6)).toBe(false);
    p.uploadFinished(a, "11", 7);
    expect(p.progress().recorded).toBe(1);
  });

  it("reports a failed image once, with its reason, and counts it as done", () => {
    const p = new DemoPacer({ ids: [a], inFlight: 1, stallMs: 60000 }, 0);
    p.uploadStarted(a, 0);
    p.uploadFinished(a, "11", 1);
    p.observe(a, { status: "error", generation: "11", error: "fits-not-fits: no SIMPLE card" }, 2);
    expect(p.newErrors()).toEqual([{ id: a, error: "fits-not-fits: no SIMPLE card" }]);
    expect(p.newErrors()).toEqual([]);
    expect(p.finished()).toBe(true);
    expect(p.progress()).toEqual({ total: 1, uploaded: 1, recorded: 0, errors: 1 });
  });

  it("is stalled only after `stallMs` without progress, and names the step", () => {
    const p = new DemoPacer({ ids, inFlight: 3, stallMs: 1000 }, 0);
    p.uploadStarted(a, 0);
    expect(p.stalled(999)).toBeNull();
    expect(p.stalled(1000)).toMatchObject({ step: "upload", message: expect.stringContaining(a) });
    p.uploadFinished(a, "11", 1500);
    expect(p.stalled(2400)).toBeNull();
    expect(p.stalled(2600)).toMatchObject({
      step: "recording",
      message: expect.stringContaining("1 uploaded image(s) not recorded"),
    });
    p.observe(a, recorded("11"), 2700);
    expect(p.stalled(3600)).toBeNull();
  });

  it("counts a subset of the images apart (the demo network before the transit observation)", () => {
    const p = new DemoPacer({ ids, inFlight: 3, stallMs: 60000 }, 0);
    for (const id of ids) p.uploadStarted(id, 0);
    p.uploadFinished(a, "11", 1);
    p.uploadFinished(b, "12", 1);
    p.observe(a, recorded("11"), 2);
    expect(p.progress([a, b])).toEqual({ total: 2, uploaded: 2, recorded: 1, errors: 0 });
    expect(p.finished([a, b])).toBe(false);
    p.observe(b, recorded("12"), 3);
    expect(p.finished([a, b])).toBe(true);
    expect(p.finished()).toBe(false);
    expect(() => p.progress(["PAN999_000000_20240101T000000"])).toThrow("not a demo image");
  });

  describe("dropped storage events", () => {
    const many = Array.from(
      { length: 6 },
      (_, k) => `PAN001_14d3bd_20240316T06${String(k).padStart(2, "0")}30`,
    );
    const [first, ...later] = many as [string, ...string[]];

    it("hands out images without a document only when nothing progressed for droppedMs", () => {
      const p = new DemoPacer({ ids: many, inFlight: 2, stallMs: 90000, droppedMs: 10000 }, 0);
      for (const id of many) p.uploadStarted(id, 0);
      p.uploadFinished(first, "1", 100);
      later.forEach((id, k) => p.uploadFinished(id, String(k + 2), 200));
      // later images keep being recorded: the first may just be waiting for record-image, however long
      for (const [k, id] of later.entries()) {
        p.observe(id, recorded(String(k + 2)), 5000 * (k + 1));
        expect(p.dropped(5000 * (k + 1) + 9999)).toEqual([]);
      }
      const lastProgress = 5000 * later.length;
      expect(p.dropped(lastProgress + 9999)).toEqual([]);
      expect(p.dropped(lastProgress + 10000)).toEqual([first]);
      // handed out once until it is uploaded again
      expect(p.dropped(lastProgress + 30000)).toEqual([]);
    });

    it("never hands out an image whose document exists, however slow its recording", () => {
      const p = new DemoPacer({ ids: many, inFlight: 1, stallMs: 90000, droppedMs: 10000 }, 0);
      for (const id of many) p.uploadStarted(id, 0);
      many.forEach((id, k) => p.uploadFinished(id, String(k + 1), 100));
      p.observe(first, { status: "pending", generation: "1", error: null }, 200);
      for (const [k, id] of later.entries()) p.observe(id, recorded(String(k + 2)), 300);
      expect(p.dropped(60000)).toEqual([]);
    });

    it("hands out the last images when nothing progressed for droppedMs, at most twice each", () => {
      const p = new DemoPacer({ ids: [first], inFlight: 4, stallMs: 90000, droppedMs: 10000 }, 0);
      p.uploadStarted(first, 0);
      p.uploadFinished(first, "1", 0);
      expect(p.dropped(9999)).toEqual([]);
      expect(p.dropped(10000)).toEqual([first]);
      p.uploadStarted(first, 10000);
      p.uploadFinished(first, "2", 11000);
      expect(p.progress().uploaded).toBe(1);
      expect(p.dropped(21000)).toEqual([first]);
      p.uploadFinished(first, "3", 22000);
      expect(p.dropped(60000)).toEqual([]);
      // the new generation's record completes it; an old generation's does not
      p.observe(first, recorded("2"), 60001);
      expect(p.finished()).toBe(false);
      p.observe(first, recorded("3"), 60002);
      expect(p.finished()).toBe(true);
    });
  });
});
