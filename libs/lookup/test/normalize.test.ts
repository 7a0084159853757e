import {
  CONSTELLATIONS,
  constellationAbbreviation,
  designationKey,
  greekAbbreviation,
  normalizeFieldName,
} from "@panoptes/lookup";

describe("designationKey", () => {
  it.each([
    ["m 31", ["M31", "M 31", "m31", "Messier 31", "MESSIER 31", "M 031", "M  31", "M-31"]],
    ["ngc 7000", ["NGC7000", "NGC 7000", "ngc 7000", "NGC 07000", "NGC_7000", "ngc-7000"]],
    [
      "alf cyg",
      ["alf Cyg", "α Cyg", "Alpha Cygni", "alpha Cyg", "ALPHA CYG", "alp Cyg", "α Cygni", "Alpha Cygnus"],
    ],
    ["alf 1 cen", ["alf1 Cen", "alf01 Cen", "α1 Cen", "α¹ Cen", "Alpha1 Centauri", "Alpha-1 Centauri"]],
    ["eta uma", ["eta UMa", "η UMa", "Eta Ursae Majoris", "eta Ursa Major"]],
    ["tet 1 ori", ["tet1 Ori", "theta1 Ori", "θ1 Orionis", "the01 Ori"]],
    ["ksi uma", ["ksi UMa", "xi UMa", "ξ Ursae Majoris"]],
    ["mu cep", ["mu Cep", "mu. Cep", "μ Cephei", "µ Cep"]],
    ["alf boo", ["alf Boo", "α Boötis", "alpha Bootis", "Alpha Boötes"]],
    ["alf psa", ["alf PsA", "Alpha Piscis Austrini", "alpha Piscis Austrinus"]],
    ["hip 91262", ["HIP 91262", "HIP91262", "Hipparcos 91262", "hip 091262"]],
    ["hd 172167", ["HD 172167", "HD172167", "hd 172167", "HD\u00a0172167"]],
    ["gj 721", ["GJ 721", "Gliese 721", "Gl 721", "GJ721"]],
    ["58 ori", ["58 Ori", "58 Orionis", "058 Ori"]],
    ["v 822 cas", ["V822 Cas", "V0822 Cas", "V822 Cassiopeiae"]],
    ["vega", ["Vega", "VEGA", " vega "]],
    ["barnards star", ["Barnard's Star", "Barnard’s Star", "Barnards Star"]],
    ["ptolemys cluster", ["Ptolemy´s Cluster", "Ptolemy's Cluster"]],
    ["belenos", ["Bélénos", "Belenos"]],
    ["c 41", ["C 41", "Caldwell 41"]],
  ])("gives %j for every spelling", (key, spellings) => {
    for (const spelling of spellings) expect([spelling, designationKey(spelling)]).toEqual([spelling, key]);
  });

  it.each([
    ["ESO 392-13", "eso 392-13"],
    ["PK 164+31.1", "pk 164+31.1"],
    ["tau Tau", "tau tau"],
    ["del Del", "del del"],
  ])(
    "keeps signs and points inside numbers, and tells a Greek letter from a constellation by place: %j",
    (input, key) => expect(designationKey(input)).toBe(key),
  );

  it("gives the same key on its fast paths as on the general rules", () => {
    // A trailing space is trimmed by the general rules but bypasses the fast paths' patterns.
    for (const text of [
      "NGC 224",
      "HIP91262",
      "alpha 1",
      "Messier 31",
      "alf Lyr",
      "3 Lyr",
      "CG And",
      "xi UMa",
      "Vega Star",
    ]) {
      expect([text, designationKey(text)]).toEqual([text, designationKey(`${text} `)]);
    }
  });
});

describe("constellations and Greek letters", () => {
  it("lists the 88 IAU constellations", () => {
    expect(new Set(CONSTELLATIONS.map(([abbreviation]) => abbreviation)).size).toBe(88);
  });

  it.each([
    ["Cygni", "Cyg"],
    ["cygnus", "Cyg"],
    ["CYG", "Cyg"],
    ["Ursae Majoris", "UMa"],
    ["Canum Venaticorum", "CVn"],
    ["Crucis", "Cru"],
    ["Boötis", "Boo"],
    ["Coronae Australis", "CrA"],
    ["Serpentis", "Ser"],
  ])("abbreviates %j as %j", (text, abbreviation) =>
    expect(constellationAbbreviation(text)).toBe(abbreviation),
  );

  it.each([
    ["α", "alf"],
    ["Alpha", "alf"],
    ["alp", "alf"],
    ["ϑ", "tet"],
    ["theta", "tet"],
    ["ο", "omi"],
    ["Omega", "ome"],
  ])("abbreviates the Greek letter %j as %j", (text, abbreviation) =>
    expect(greekAbbreviation(text)).toBe(abbreviation),
  );
});

describe("normalizeFieldName", () => {
  it.each([
    ["wasp35", ["Wasp 35", "WASP-35", "wasp_35", "WASP 35", " Wasp  35 "]],
    ["kic8462852", ["KIC 8462852", "KIC8462852", "kic_8462852", "KIC-8462852"]],
    ["tesssec17cam02", ["TESS_SEC17_CAM02", "tess sec17 cam02", "Tess-Sec17-Cam02"]],
    ["m42", ["M42", "M 42", "m-42"]],
    ["hatp7", ["HAT-P-7", "HAT P 7"]],
    ["eridani", ["Éridani"]],
  ])("gives %j for every spelling", (key, names) => {
    for (const name of names) expect([name, normalizeFieldName(name)]).toEqual([name, key]);
  });
});
