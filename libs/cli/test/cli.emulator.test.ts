import { commands, main } from "@panoptes/cli";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor, toFirestoreData } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, uniqueUnitId } from "@panoptes/testing";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: { ...process.env } },
    out,
    err,
  };
}

describe("panoptes CLI shell", () => {
  it("lists every command of ARCHITECTURE.md in --help", async () => {
    const c = capture();
    expect(await main(["--help"], c.io)).toBe(0);
    for (const name of ["header", "cr2", "lookup", "upload", "show", "replay", "backfill"]) {
      expect(c.out.join("\n")).toMatch(new RegExp(`^  ${name} `, "m"));
    }
  });

  it.each(commands().map((c) => c.name))("gives %s its own --help", async (name) => {
    const c = capture();
    expect(await main([name, "--help"], c.io)).toBe(0);
    expect(c.out.join("\n")).toMatch(new RegExp(`^usage: panoptes ${name}`));
  });

  it("exits 2 for an unknown command", async () => {
    const c = capture();
    expect(await main(["frobnicate"], c.io)).toBe(2);
    expect(c.err.join("\n")).toContain('unknown command "frobnicate"');
  });

  it("exits 2 with the usage when show lacks an id", async () => {
    const c = capture();
    expect(await main(["show", "unit"], c.io)).toBe(2);
    expect(c.err.join("\n")).toContain("usage: panoptes show");
  });

  it("refuses a non-demo project without --remote", async () => {
    const c = capture();
    expect(await main(["show", "unit", "PAN001", "--project", "panoptes-exp"], c.io)).toBe(1);
    expect(c.err.join("\n")).toContain("demo- projects");
  });
});

describe("panoptes show against the Firestore emulator", () => {
  beforeAll(() => requireEmulators("firestore"));

  it("prints a stored unit as JSON", async () => {
    const id = await uniqueUnitId();
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    await db
      .collection(COLLECTIONS.units)
      .doc(id)
      .set(
        toFirestoreData({
          unit_id: id,
          name: `test ${uniqueSuffix()}`,
          location: { latitude: 19.5, longitude: -155.6 },
          num_images: 3,
        }) as object,
      );
    const c = capture();
    expect(await main(["show", "unit", id, "--json"], c.io)).toBe(0);
    expect(JSON.parse(c.out.join(""))).toMatchObject({
      unit_id: id,
      location: { latitude: 19.5, longitude: -155.6 },
      num_images: 3,
    });
  });

  it("exits 1 naming a missing document", async () => {
    const c = capture();
    expect(await main(["show", "image", "PAN001_14d3bd_19990101T000000"], c.io)).toBe(1);
    expect(c.err.join("\n")).toContain("no image PAN001_14d3bd_19990101T000000");
  });
});
