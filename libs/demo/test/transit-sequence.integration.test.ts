import { projection, readIndexStars } from "@panoptes/astrometry";
import { runCaptured } from "@panoptes/cli";
import {
  DEMO_TRANSIT,
  DEMO_TRANSIT_SEQUENCE_ID,
  demoTransitFrames,
  siteAirmass,
  transitDimming,
  TYCHO2_INDEX,
  type TransitFrame,
} from "@panoptes/demo";
import { bufferByteSource, headerToMap, readHeader } from "@panoptes/fits";
import { DEFAULT_PHOTOMETRY, measureFrame } from "@panoptes/photometry";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

describe("the demo transit sequence (injection and recovery)", () => {
  // every frame: 10 at full depth (13-22), 24 outside (the half-depth ingress and egress frames 12 and 23 left out)
  const INSIDE = Array.from({ length: 10 }, (_, i) => 13 + i);
  const OUTSIDE = Array.from({ length: 36 }, (_, k) => k).filter((k) => k < 12 || k > 23);
  const frames: TransitFrame[] = [];
  beforeAll(async () => {
    for await (const f of demoTransitFrames()) frames.push(f);
  }, 240_000);

  test("is PAN001's sequence of HD 189733, its id exported, 36 frames 90 s apart", async () => {
    expect(DEMO_TRANSIT_SEQUENCE_ID).toBe("PAN001_5c1e57_20240820T080000");
    expect(frames.map((f) => f.index)).toEqual(Array.from({ length: 36 }, (_, k) => k));
    expect(frames.map((f) => f.spec.image_time).slice(0, 2)).toEqual(["20240820T080030", "20240820T080200"]);
    expect(frames.at(-1)!.spec.image_time).toBe("20240820T085300");
    expect(frames.filter((f) => f.dimming === DEMO_TRANSIT.depth).map((f) => f.index)).toEqual(INSIDE);
    const header = headerToMap((await readHeader(bufferByteSource(frames[0]!.bytes))).header.cards) as Record<
      string,
      number | string
    >;
    expect(header).toMatchObject({ FIELD: "HD 189733", SEQID: DEMO_TRANSIT_SEQUENCE_ID, EXPTIME: 60 });
    // AIRMASS from the site and mid-exposure time (HD 189733 near the meridian from Mauna Loa)
    const airmass = header.AIRMASS as number;
    expect(airmass).toBeGreaterThan(1);
    expect(airmass).toBeLessThan(1.2);
    const mid = new Date(Date.parse("2024-08-20T08:01:00Z"));
    expect(airmass).toBeCloseTo(
      siteAirmass(mid, DEMO_TRANSIT.target.ra, DEMO_TRANSIT.target.dec, {
        latitude: 19.54,
        longitude: -155.58,
      })!,
      3,
    );
  });

  test("the target's flux relative to its neighbours drops by the injected depth in transit (G, libs/photometry)", async () => {
    const catalog = await readIndexStars(path.join("/usr/share/astrometry", TYCHO2_INDEX), {
      ra: DEMO_TRANSIT.target.ra,
      dec: DEMO_TRANSIT.target.dec,
      radius: 1,
    });
    const comps = catalog.filter(
      (s) => s.mag > 7.5 && s.mag < 9 && Math.abs(s.dec - DEMO_TRANSIT.target.dec) > 0.01,
    );
    const measure = (f: TransitFrame) => {
      const proj = projection(f.truth);
      const at = (ra: number, dec: number, id: string) => {
        const p = proj.skyToPixel(ra, dec)!;
        return { id, x: p.x - 1, y: p.y - 1 };
      };
      const positions = [
        at(DEMO_TRANSIT.target.ra, DEMO_TRANSIT.target.dec, "target"),
        ...comps.map((s, i) => at(s.ra, s.dec, `c${i}`)),
      ].filter((p) => p.x > 30 && p.y > 30 && p.x < 1170 && p.y < 770);
      return measureFrame(f.pixels, 1200, 800, positions, DEFAULT_PHOTOMETRY);
    };
    const measured = frames.map(measure);
    for (const m of measured) expect(m.find((s) => s.id === "target")!.flags).not.toContain("saturated");
    // the same comparisons in every frame: measured without a flag in all of them
    const good = new Set(
      comps
        .map((_, i) => `c${i}`)
        .filter((id) => measured.every((m) => m.find((s) => s.id === id)?.flags.length === 0)),
    );
    expect(good.size).toBeGreaterThanOrEqual(5);
    const ratios = measured.map(
      (m) =>
        m.find((s) => s.id === "target")!.flux.g.flux /
        m.filter((s) => good.has(s.id)).reduce((a, s) => a + s.flux.g.flux, 0),
    );
    const of = (ks: number[]) => ks.map((k) => ratios[frames.findIndex((f) => f.index === k)]!);
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const out = mean(of(OUTSIDE));
    const depth = 1 - mean(of(INSIDE)) / out;
    // the noise of that difference, from the scatter of the frames outside the transit
    const sd = Math.sqrt(of(OUTSIDE).reduce((a, r) => a + (r / out - 1) ** 2, 0) / (OUTSIDE.length - 1));
    const sdDepth = sd * Math.sqrt(1 / OUTSIDE.length + 1 / INSIDE.length);
    expect(sdDepth).toBeLessThan(0.005);
    expect(Math.abs(depth - DEMO_TRANSIT.depth)).toBeLessThan(3 * sdDepth);
    expect(transitDimming(12)).toBe(DEMO_TRANSIT.depth / 2);
    expect(transitDimming(24)).toBe(0);
  });

  test("solve-field solves a frame of it (as solve-image will)", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "demo-transit-")), "frame.fits");
    fs.writeFileSync(file, frames.at(-1)!.bytes);
    const res = await runCaptured(["solve", file, "--json"]);
    expect(JSON.parse(res.out)).toMatchObject({ solved: true });
    const out = JSON.parse(res.out) as { ra: number; dec: number };
    // the last frame's centre: half the drift (0.12° east, 0.06° south over the sequence) past the target
    expect(out.dec).toBeCloseTo(DEMO_TRANSIT.target.dec + DEMO_TRANSIT.drift.north / 2, 2);
  }, 120_000);
});
