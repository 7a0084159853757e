import type { ImageDocRead } from "@panoptes/models";
import { solveDecision } from "../src/image-solution";
import { observationPointing } from "../src/pointing";

const image = (fields: Partial<ImageDocRead>): ImageDocRead => ({
  image_id: "PAN001_14d3bd_20240315T060030",
  ...fields,
});

describe("solveDecision: one solve per image generation", () => {
  it.each([
    ["no image yet", null, "10", { action: "wait" }],
    [
      "an image recorded at an older generation",
      image({ status: "recorded", generation: "9" }),
      "10",
      { action: "wait" },
    ],
    [
      "a newer generation on the image",
      image({ status: "recorded", generation: "11" }),
      "10",
      { action: "skip", reason: "stale" },
    ],
    [
      "an image that failed to record",
      image({ status: "error", generation: "10" }),
      "10",
      { action: "skip", reason: "not-recorded" },
    ],
    ["an image only received", image({ status: "received", generation: "10" }), "10", { action: "wait" }],
    [
      "a redelivery of a solved generation",
      image({ status: "solved", generation: "10", solve_generation: "10" }),
      "10",
      { action: "skip", reason: "unchanged" },
    ],
    [
      "a redelivery of an unsolvable generation",
      image({ status: "recorded", generation: "10", solve_generation: "10" }),
      "10",
      { action: "skip", reason: "unchanged" },
    ],
    [
      "a recorded generation not solved yet",
      image({ status: "recorded", generation: "10" }),
      "10",
      { action: "solve" },
    ],
    [
      "a re-upload of a solved image",
      image({ status: "recorded", generation: "12", solve_generation: "10" }),
      "12",
      { action: "solve" },
    ],
    [
      "generations beyond 2^53",
      image({ status: "recorded", generation: "18014398509481985" }),
      "18014398509481984",
      { action: "skip", reason: "stale" },
    ],
  ])("%s", (_what, existing, generation, expected) => {
    expect(solveDecision(existing, generation)).toMatchObject(expected);
  });
});

describe("observationPointing", () => {
  const at = (minutes: number) => new Date(Date.UTC(2024, 2, 15, 6, minutes));

  it("takes the median centre and measures the drift from the first to the last frame", () => {
    const p = observationPointing([
      { time: at(6), ra: 100.02, dec: 20.01 },
      { time: at(0), ra: 100.0, dec: 20.0 },
      { time: at(3), ra: 100.01, dec: 20.005 },
      { time: at(9), ra: 100.5, dec: 20.015 },
    ])!;
    expect(p.ra).toBeCloseTo(100.015, 9);
    expect(p.dec).toBeCloseTo(20.0075, 9);
    expect(p.drift.frames).toBe(4);
    expect(p.drift.first_time).toEqual(at(0));
    expect(p.drift.last_time).toEqual(at(9));
    // 0.5° of RA at Dec 20 ≈ 28.2′ (plus 0.9′ in Dec)
    expect(p.drift.total_arcmin).toBeCloseTo(28.2, 0);
    expect(p.drift.rate_arcmin_per_hour).toBeCloseTo(p.drift.total_arcmin / 0.15, 6);
    expect(p.drift.max_offset_arcmin).toBeGreaterThan(27);
  });

  it("does not average a field across RA 0/360 to RA 180", () => {
    const p = observationPointing([
      { time: at(0), ra: 359.9, dec: 10 },
      { time: at(1), ra: 0.1, dec: 10 },
      { time: at(2), ra: 0.2, dec: 10 },
    ])!;
    expect(p.ra).toBeCloseTo(0.1, 9);
    expect(p.drift.total_arcmin).toBeCloseTo(0.3 * 60 * Math.cos((10 * Math.PI) / 180), 1);
  });

  it("is null without solved frames, and has no rate for a single frame", () => {
    expect(observationPointing([])).toBeNull();
    expect(observationPointing([{ time: at(0), ra: 1, dec: 2 }])!.drift).toMatchObject({
      frames: 1,
      total_arcmin: 0,
      rate_arcmin_per_hour: 0,
    });
  });
});
