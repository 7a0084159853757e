import { CodedError } from "@panoptes/errors";

class LibError extends CodedError<"BAD" | "WORSE"> {}
class WorseError extends LibError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("WORSE", message, options);
  }
}

describe("CodedError", () => {
  test.each([
    ["a library's base class", () => new LibError("BAD", "it was bad"), "LibError", "BAD"],
    ["a subclass fixing its code", () => new WorseError("it got worse"), "WorseError", "WORSE"],
  ])("%s carries its own name, its code and the message", (_what, make, name, code) => {
    const err = make();
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(LibError);
    expect(err).toMatchObject({ name, code });
    expect(String(err)).toBe(`${name}: ${err.message}`);
  });

  test("keeps the cause", () => {
    const cause = new RangeError("deep");
    expect(new WorseError("outer", { cause }).cause).toBe(cause);
  });
});
