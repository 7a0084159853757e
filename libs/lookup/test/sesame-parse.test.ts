import {
  parseSesameAnswer,
  parseSesameText,
  parseSesameXml,
  resolverShortName,
  SesameFormatError,
} from "@panoptes/lookup";
import { runAstropy } from "./astropy";
import {
  TEXT_NGC3642,
  TEXT_NOTHING,
  TEXT_VIZIER,
  XML_NED_ONLY,
  XML_NOTHING,
  XML_VEGA,
} from "./sesame-answers";

describe("parseSesameXml", () => {
  it("reads coordinates, main identifier and aliases of the first resolver", () => {
    expect(parseSesameXml(XML_VEGA)).toEqual({
      found: true,
      hit: {
        ra: 279.23473479,
        dec: 38.78368896,
        resolver: "Simbad",
        name: "* alf Lyr",
        aliases: ["* 3 Lyr", "HD 172167", "HIP 91262", "NAME Vega"],
      },
    });
  });

  it("skips a resolver that found nothing and takes the next one with coordinates", () => {
    expect(parseSesameXml(XML_NED_ONLY)).toMatchObject({
      found: true,
      hit: { resolver: "NED", ra: 359.99999, dec: -0.00001, name: "2MASX J00000000+0000000", aliases: [] },
    });
  });

  it("says nothing was found, with Sesame's message", () => {
    expect(parseSesameXml(XML_NOTHING)).toEqual({ found: false, detail: "*** Nothing found ***" });
  });

  it("skips a block with out-of-range coordinates", () => {
    const xml = `<Sesame><Target><Resolver name="N=NED"><jradeg>999</jradeg><jdedeg>0</jdedeg></Resolver>
      <Resolver name="V=VizieR (local)"><jradeg>10.5</jradeg><jdedeg>-91</jdedeg></Resolver></Target></Sesame>`;
    expect(parseSesameXml(xml)).toEqual({ found: false, detail: "no resolver gave coordinates" });
  });
});

describe("parseSesameText", () => {
  it("reads the %J line, %I.0 main identifier and %I aliases", () => {
    expect(parseSesameText(TEXT_NGC3642)).toEqual({
      found: true,
      hit: {
        ra: 170.5750583,
        dec: 59.0742417,
        resolver: "Simbad",
        name: "NGC 3642",
        aliases: ["UGC 6385", "PGC 34889"],
      },
    });
  });

  it("removes VizieR's braces from identifiers", () => {
    expect(parseSesameText(TEXT_VIZIER)).toMatchObject({
      found: true,
      hit: { resolver: "VizieR", name: "NGC 3642" },
    });
  });

  it("says nothing was found, with the #! message", () => {
    expect(parseSesameText(TEXT_NOTHING)).toEqual({ found: false, detail: "*** Nothing found ***" });
  });

  it("agrees with astropy's own Sesame text parser on the %J coordinates", () => {
    const script = [
      "import json, sys",
      "from astropy.coordinates.name_resolve import _parse_response",
      "out = []",
      "for text in json.load(sys.stdin):",
      "    ra, dec = _parse_response(text)",
      "    out.append([float(ra), float(dec)])",
      "print(json.dumps(out))",
    ].join("\n");
    const texts = [TEXT_NGC3642, TEXT_VIZIER];
    const expected = runAstropy<[number, number][]>(script, texts);
    texts.forEach((text, i) => {
      const answer = parseSesameText(text);
      expect(answer.found && [answer.hit.ra, answer.hit.dec]).toEqual(expected[i]);
    });
  });
});

describe("parseSesameAnswer", () => {
  it("tells XML from text by the first characters", () => {
    expect(parseSesameAnswer(`\n${XML_VEGA}`)).toMatchObject({ found: true, hit: { resolver: "Simbad" } });
    expect(parseSesameAnswer(TEXT_NGC3642)).toMatchObject({ found: true, hit: { name: "NGC 3642" } });
  });

  it.each([
    ["", /empty/],
    ["<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", /markup, not Sesame/],
    ["Service Unavailable", /no Sesame '#' line/],
    ["<?xml version='1.0'?><error/>", /no <Sesame> element/],
  ])("rejects a body that is not a Sesame answer: %j", (body, message) => {
    expect(() => parseSesameAnswer(body)).toThrow(SesameFormatError);
    expect(() => parseSesameAnswer(body)).toThrow(message);
  });
});

describe("resolverShortName", () => {
  it.each([
    ["S=Simbad (via url)", "Simbad"],
    ["Sca=Simbad (CfA, via client/server)", "Simbad"],
    ["N=NED", "NED"],
    ["V=VizieR (local)", "VizieR"],
    ["Simbad", "Simbad"],
  ])("names %j %j", (label, name) => expect(resolverShortName(label)).toBe(name));
});
