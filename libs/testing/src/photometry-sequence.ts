import { PHOTOMETRY_FRAME, renderBayerFrame, type PhotonStar, seededRandom } from "@panoptes/demo";
import {
  DEFAULT_PHOTOMETRY,
  type FieldStar,
  type MeasuredFrame,
  measureFrame,
  type PhotometryParams,
} from "@panoptes/photometry";

/** What a generated sequence holds, besides its frames: the truth the pipeline must recover. */
export interface SequenceTruth {
  field: FieldStar[];
  frames: MeasuredFrame[];
  /** stars with an injected transit: id → depth, V and expected relative G noise per frame (CCD equation) */
  transits: Array<{ id: string; depth: number; vmag: number; expectedNoise: number }>;
  inTransit: (k: number) => boolean;
  cloudy: string;
  saturated: string;
  variable: string;
  params: PhotometryParams;
}

export const TEST_PHOTOMETRY: PhotometryParams = {
  ...DEFAULT_PHOTOMETRY,
  apertureRadius: 4,
  annulusInner: 7,
  annulusOuter: 10,
};

/**
 * A sequence of `frames` raw GBRG frames (600 × 400) of a field: stars of V 7.5-10.5 with colours, targets with a box
 * transit of the given depths in the middle third, a star bright enough to saturate, a comparison
 * that varies by 4% (a sinusoid), transparency jitter and an airmass trend, pointing drift, and one cloudy frame
 * (40% transmission). Each frame is measured as it is made (the pixels are not kept).
 */
export function generateSequence(opts: {
  frames: number;
  transits: Array<{ id: string; depth: number; vmag: number }>;
  seed: number;
}): SequenceTruth {
  const width = 600;
  const height = 400;
  const random = seededRandom(opts.seed);
  const zeroPoint = 150000; // e⁻ in G for V = 8
  const electrons = (v: number) => zeroPoint * 10 ** (-0.4 * (v - 8));
  const stars: Array<FieldStar & { x: number; y: number }> = [];
  const place = () => ({ x: 40 + random() * (width - 80), y: 40 + random() * (height - 80) });
  const add = (id: string, vmag: number, colour: number) => {
    for (let tries = 0; tries < 200; tries++) {
      const p = place();
      if (stars.every((s) => Math.hypot(s.x - p.x, s.y - p.y) > 30)) {
        stars.push({ id, name: null, ra: 100 + p.x / 360, dec: 20 + p.y / 360, vmag, colour, ...p });
        return;
      }
    }
    throw new Error("could not place star");
  };
  for (const t of opts.transits) add(t.id, t.vmag, 0.6);
  add("saturated", 5.8, 0.6);
  add("variable", opts.transits[0]!.vmag + 0.1, 0.6);
  for (let k = 0; k < 32; k++) add(`s${k}`, 7.5 + random() * 3, 0.3 + random() * 0.7);
  const cloudyFrame = Math.floor(opts.frames * 0.15);
  const start = Date.parse("2019-07-02T03:00:00Z");
  const frames: MeasuredFrame[] = [];
  const inTransit = (k: number) => k >= opts.frames / 3 && k < (2 * opts.frames) / 3;
  for (let k = 0; k < opts.frames; k++) {
    const transparency =
      (k === cloudyFrame ? 0.4 : 1) * (1 - 0.05 * (k / opts.frames)) * (1 + 0.01 * (random() - 0.5));
    const dx = 3 * (k / opts.frames);
    const dy = -2 * (k / opts.frames);
    const render: PhotonStar[] = stars.map((s) => {
      let e = electrons(s.vmag) * transparency;
      const transit = opts.transits.find((t) => t.id === s.id);
      if (transit && inTransit(k)) e *= 1 - transit.depth;
      if (s.id === "variable") e *= 1 + 0.04 * Math.sin((2 * Math.PI * k) / (opts.frames / 2));
      const red = 0.45 + 0.4 * (s.colour ?? 0.6);
      const blue = 0.75 - 0.4 * (s.colour ?? 0.6);
      return { x: s.x + dx, y: s.y + dy, electrons: { r: e * red, g: e, b: e * blue } };
    });
    const raw = renderBayerFrame(render, {
      ...PHOTOMETRY_FRAME,
      width,
      height,
      seed: opts.seed * 1000 + k,
    });
    // the solved frame predicts positions to ~0.3 px
    const predicted = stars.map((s) => ({
      id: s.id,
      x: s.x + dx + 0.3 * (random() - 0.5),
      y: s.y + dy + 0.3 * (random() - 0.5),
    }));
    frames.push({
      frame_id: `f${k}`,
      time: new Date(start + k * 90_000),
      airmass: 1.1 + 0.3 * (k / opts.frames),
      stars: measureFrame(raw, width, height, predicted, TEST_PHOTOMETRY),
    });
  }
  // The CCD equation for the G aperture (two sites per superpixel), the sky estimated from each site's annulus.
  const p = TEST_PHOTOMETRY;
  const area = Math.PI * p.apertureRadius ** 2;
  const skyPixels = Math.PI * (p.annulusOuter ** 2 - p.annulusInner ** 2);
  const perPixel = (1 + area / skyPixels) * (300 + p.readNoise ** 2);
  const noise = (v: number) => Math.sqrt(electrons(v) + 2 * area * perPixel) / electrons(v);
  return {
    field: stars.map(({ x, y, ...s }) => (void x, void y, s)),
    frames,
    transits: opts.transits.map((t) => ({ ...t, expectedNoise: noise(t.vmag) })),
    inTransit,
    cloudy: `f${cloudyFrame}`,
    saturated: "saturated",
    variable: "variable",
    params: TEST_PHOTOMETRY,
  };
}
