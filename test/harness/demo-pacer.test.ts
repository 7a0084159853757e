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
});
