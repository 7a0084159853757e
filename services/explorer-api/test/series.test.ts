import type { ImageDocRead } from "@panoptes/models";
import { imageSeries } from "../src/series";

const image = (minute: number, fields: Partial<ImageDocRead>): ImageDocRead => ({
  image_id: `PAN001_14d3bd_20240315T06${String(minute).padStart(2, "0")}00`,
  time: new Date(Date.UTC(2024, 2, 15, 6, minute)),
  ...fields,
});

describe("imageSeries: the tracking drift", () => {
  it("gives each solved frame's offset east and north of the observation's centre in arcminutes", () => {
    const s = imageSeries(
      [
        image(0, { solved: true, solve_generation: "1", ra_image: 359.99, dec_image: 60 }),
        image(3, { solved: false, solve_generation: "1", solve_reason: "too few stars" }),
        image(6, { solved: true, solve_generation: "1", ra_image: 0.01, dec_image: 60.01 }),
        // a unit's own header solution, not a solve-image one, is left out
        image(9, { solved: true, ra_image: 5, dec_image: 61 }),
      ],
      { ra: 0, dec: 60 },
    );
    expect(s.offset_east[0]).toBeCloseTo(-0.01 * 60 * 0.5, 9);
    expect(s.offset_east[2]).toBeCloseTo(0.01 * 60 * 0.5, 9);
    expect(s.offset_north[2]).toBeCloseTo(0.6, 9);
    expect(s.offset_east[1]).toBeNull();
    expect(s.offset_north[3]).toBeNull();
  });

  it("has no offsets while the observation is unsolved", () => {
    const s = imageSeries([image(0, { solved: true, solve_generation: "1", ra_image: 1, dec_image: 2 })]);
    expect(s.offset_east).toEqual([null]);
  });
});
