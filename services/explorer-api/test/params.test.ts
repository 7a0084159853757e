import { toCsv } from "@panoptes/lightcurve-formats";
import { decodeCursor, encodeCursor } from "../src/cursor";
import { BadParameterError } from "../src/http-errors";
import { fieldNameKey, parseObservationQuery } from "../src/params";

describe("query parameters", () => {
  it("parses every filter into typed values", () => {
    const q = parseObservationQuery({
      unit_id: "PAN001",
      camera_id: "14D3BD",
      status: "processed",
      min_images: "5",
      field: " Kepler 1100 ",
      from: "2024-01-01",
      to: "2024-01-31",
      ra: "359.5",
      dec: "-89",
      radius: "2.5",
      limit: "20",
    });
    expect(q).toEqual({
      unit_id: "PAN001",
      camera_id: "14d3bd",
      status: "processed",
      min_images: 5,
      field: "Kepler 1100",
      from: new Date("2024-01-01T00:00:00Z"),
      to: new Date("2024-02-01T00:00:00Z"),
      cone: { ra: 359.5, dec: -89, radius: 2.5 },
      limit: 20,
      format: "json",
    });
  });

  it("defaults the radius to 1 degree and the limit to 50", () => {
    expect(parseObservationQuery({ ra: "10", dec: "20" })).toMatchObject({ cone: { radius: 1 }, limit: 50 });
  });

  it.each([
    [{ dec: "10" }, "ra"],
    [{ from: "2024-02-30" }, "from"],
    [{ to: "yesterday" }, "to"],
    [{ radius: "1", ra: "1", dec: "1", limit: "201" }, "limit"],
    [{ field: "" }, "field"],
    [{ unit_id: ["PAN001", "PAN002"] }, "unit_id"],
  ])("rejects %p naming %s", (query, param) => {
    try {
      parseObservationQuery(query);
      throw new Error("accepted");
    } catch (err) {
      expect(err).toBeInstanceOf(BadParameterError);
      expect((err as BadParameterError).parameter).toBe(param);
    }
  });

  it("normalises field names like field_name_key", () => {
    expect(fieldNameKey("KIC 8462852")).toBe("kic8462852");
    expect(fieldNameKey("Wasp-33_b")).toBe("wasp33b");
  });
});

describe("cursor", () => {
  it("round-trips and rejects foreign text", () => {
    const c = { time: 1709265600000, id: "PAN001_14d3bd_20240301T040000" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(() => decodeCursor("%%%")).toThrow(BadParameterError);
    expect(() => decodeCursor(Buffer.from("[1]").toString("base64url"))).toThrow(BadParameterError);
  });
});

describe("toCsv", () => {
  it("quotes what RFC 4180 requires and writes dates as ISO UTC", () => {
    const csv = toCsv(
      ["a", "b", "c"],
      [{ a: 'say "hi", bye', b: new Date("2024-01-01T00:00:00Z"), c: null }],
    );
    expect(csv).toBe('a,b,c\r\n"say ""hi"", bye",2024-01-01T00:00:00.000Z,\r\n');
  });
});
