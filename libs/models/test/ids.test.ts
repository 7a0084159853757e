import { UnitId } from "@panoptes/models";

describe("UnitId", () => {
  it.each(["PAN001", "PAN999"])("accepts %s", (id) => expect(UnitId.parse(id)).toBe(id));
  it.each(["PAN1", "pan001", "PAN0001", ""])("rejects %j", (id) =>
    expect(UnitId.safeParse(id).success).toBe(false),
  );
});
