import { execFileSync } from "node:child_process";
import {
  astropyJsonValue,
  cardsToAstropyJson,
  complex,
  float,
  formatFloat16G,
  headerToMap,
  integer,
  logical,
  pyFloatRepr,
  pyJsonString,
  string,
  UNDEFINED_VALUE,
  type Card,
} from "@panoptes/fits";
import { debianPython } from "./helpers";

const FLOATS = [
  0,
  -0,
  1,
  120.4,
  1e-5,
  1.5e-7,
  0.0001,
  123456789012345.6,
  1e16,
  1.2345e21,
  -3.62,
  2 ** 60,
  5e-324,
  1.7976931348623157e308,
  1 / 3,
];

describe("Python-compatible number text (checked with /usr/bin/python3)", () => {
  it("prints floats as Python repr does", () => {
    const script = `import json,sys\nfor v in json.loads(sys.argv[1]): print(repr(float(v)))`;
    const values = FLOATS.map((v) => (Object.is(v, -0) ? "-0.0" : String(v)));
    const python = execFileSync(debianPython, ["-c", script, JSON.stringify(values)], {
      encoding: "utf8",
    });
    expect(FLOATS.map(pyFloatRepr)).toEqual(python.trim().split("\n"));
  });

  it('formats floats as Python "{:.16G}" (astropy\'s fallback for long values)', () => {
    const script = `import json,sys\nfor v in json.loads(sys.argv[1]): print(f"{float(v):.16G}")`;
    const values = FLOATS.filter((v) => v !== 0).map(String);
    const python = execFileSync(debianPython, ["-c", script, JSON.stringify(values)], { encoding: "utf8" });
    const expected = python
      .trim()
      .split("\n")
      .map((text) => {
        let t = text;
        if (!t.includes(".") && !t.includes("E")) t += ".0";
        const m = /^(.*)E([+-])(\d+)$/.exec(t);
        if (m) t = `${m[1]}E${m[2]}${String(Number(m[3])).padStart(2, "0")}`;
        if (t.length > 20) {
          const e = t.indexOf("E");
          t = e < 0 ? t.slice(0, 20) : t.slice(0, 20 - (t.length - e)) + t.slice(e);
        }
        return t;
      });
    expect(FLOATS.filter((v) => v !== 0).map(formatFloat16G)).toEqual(expected);
  });

  it("escapes strings as json.dumps with ensure_ascii", () => {
    const text = 'a"b\\c\n\t\x7f\xe9\x01';
    const python = execFileSync(
      debianPython,
      ["-c", "import json,sys; print(json.dumps(sys.argv[1]))", text],
      {
        encoding: "utf8",
      },
    );
    expect(pyJsonString(text)).toBe(python.trim());
  });
});

describe("JSON helpers", () => {
  it.each<[string, Card["value"], unknown]>([
    ["a logical", logical(true), true],
    ["an integer", integer(42), 42],
    ["an integer of exactly 2^53", integer(2n ** 53n), 2 ** 53],
    ["an integer beyond 2^53 (as a string)", integer(2n ** 53n + 1n), "9007199254740993"],
    ["a float", float(120.4), 120.4],
    ["an infinite float (as Python's str)", float(-Infinity), "-inf"],
    ["a complex", complex(1, -2), [1, -2]],
    ["an undefined value", UNDEFINED_VALUE, null],
  ])("writes %s as astropy-cards.py does", (_name, value, expected) => {
    expect(astropyJsonValue(value)).toEqual(expected);
  });

  it("builds {cards: [{keyword, value, comment}]}", () => {
    expect(cardsToAstropyJson([{ keyword: "A", value: integer(1), comment: "c" }])).toEqual({
      cards: [{ keyword: "A", value: 1, comment: "c" }],
    });
  });

  it("maps a header to {KEY: value}: last duplicate wins, COMMENT/HISTORY joined, blank keywords skipped", () => {
    const cards: Card[] = [
      { keyword: "DUP", value: integer(1), comment: "" },
      { keyword: "COMMENT", value: string("one"), comment: "" },
      { keyword: "", value: string("blank"), comment: "" },
      { keyword: "DUP", value: integer(2), comment: "" },
      { keyword: "COMMENT", value: string("two"), comment: "" },
      { keyword: "HISTORY", value: string("h"), comment: "" },
      { keyword: "__proto__", value: string("safe"), comment: "" },
    ];
    const map = headerToMap(cards);
    expect(map).toEqual({ DUP: 2, COMMENT: "one\ntwo", HISTORY: "h", ["__proto__"]: "safe" });
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
  });
});
