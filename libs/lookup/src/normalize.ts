import { CONSTELLATIONS } from "./constellations";

/**
 * Greek letters as [SIMBAD abbreviation, letter(s), spelled-out names...]. The abbreviation is the form
 * designations are reported in (`alf Cyg`); every other spelling maps to it.
 */
export const GREEK_LETTERS: readonly (readonly [
  abbreviation: string,
  letters: string,
  ...names: string[],
])[] = [
  ["alf", "α", "alpha", "alp"],
  ["bet", "β", "beta"],
  ["gam", "γ", "gamma"],
  ["del", "δ", "delta"],
  ["eps", "εϵ", "epsilon"],
  ["zet", "ζ", "zeta"],
  ["eta", "η", "eta"],
  ["tet", "θϑ", "theta", "the"],
  ["iot", "ι", "iota"],
  ["kap", "κϰ", "kappa"],
  ["lam", "λ", "lambda", "lmd"],
  ["mu", "μ", "mu"],
  ["nu", "ν", "nu"],
  ["ksi", "ξ", "xi"],
  ["omi", "ο", "omicron"],
  ["pi", "πϖ", "pi"],
  ["rho", "ρϱ", "rho"],
  ["sig", "σς", "sigma"],
  ["tau", "τ", "tau"],
  ["ups", "υϒ", "upsilon"],
  ["phi", "φϕ", "phi"],
  ["chi", "χ", "chi"],
  ["psi", "ψ", "psi"],
  ["ome", "ω", "omega"],
];

/** Words that name a catalogue, mapped to the prefix used in keys (`Messier 31` → `m 31`). */
const CATALOGUE_WORDS: Readonly<Record<string, string>> = {
  messier: "m",
  caldwell: "c",
  gliese: "gj",
  gl: "gj",
  hipparcos: "hip",
  sharpless: "sh",
};

const GREEK_BY_LETTER = new Map<string, string>(
  GREEK_LETTERS.flatMap(([abbreviation, letters]) => [...letters].map((l) => [l, abbreviation] as const)),
);
const GREEK_BY_WORD = new Map<string, string>(
  GREEK_LETTERS.flatMap(([abbreviation, , ...names]) =>
    [abbreviation, ...names].map((n) => [n, abbreviation] as const),
  ),
);
const CONSTELLATION_BY_PHRASE = new Map<string, string>(
  CONSTELLATIONS.flatMap(([abbreviation, name, genitive]) =>
    [abbreviation, name, genitive].map((p) => [squash(p), abbreviation] as const),
  ),
);

/** Lower case without diacritics or spaces: `Boötes` → `bootes`, `Ursae Majoris` → `ursaemajoris`. */
function squash(text: string): string {
  return stripMarks(text).toLowerCase().replace(/\s+/g, "");
}

/** NFKD without combining marks: superscripts become digits, accents go, Greek letters stay. */
function stripMarks(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/** The constellation abbreviation (`Cyg`) for a name, genitive or abbreviation in any case, or undefined. */
export function constellationAbbreviation(text: string): string | undefined {
  return CONSTELLATION_BY_PHRASE.get(squash(text));
}

/** The SIMBAD abbreviation (`alf`) of a Greek letter given as `α`, `alpha`, `alp` or `alf`, or undefined. */
export function greekAbbreviation(text: string): string | undefined {
  const lower = stripMarks(text).toLowerCase();
  return GREEK_BY_LETTER.get(lower) ?? GREEK_BY_WORD.get(lower);
}

/**
 * The key under which a designation is indexed and looked up, so that spellings of one name meet:
 * lower case, no accents or punctuation, letters and digits split into tokens (`NGC7000` → `ngc 7000`),
 * leading zeros dropped (`M 031` → `m 31`), catalogue words shortened (`Messier` → `m`), a leading Greek
 * letter in any spelling turned into its abbreviation and a trailing constellation (name, genitive or
 * abbreviation) into its abbreviation (`Alpha Cygni`, `α Cyg`, `alf Cyg` → `alf cyg`).
 * A sign or point is kept only inside numbers (`ESO 392-13`, `PK 164+31.1`).
 */
export function designationKey(text: string): string {
  const simple = /^([A-Za-z]+) ?(\d{1,15})$/.exec(text);
  if (simple !== null) {
    // Fast path for the commonest shape (`NGC 224`, `HIP91262`), same result as the general rules below.
    const word = (simple[1] as string).toLowerCase();
    const prefix = CATALOGUE_WORDS[word] ?? word;
    return `${GREEK_BY_WORD.get(prefix) ?? prefix} ${Number(simple[2])}`;
  }
  const starLike = /^([A-Za-z]+|\d{1,15}) ([A-Za-z]{3,})$/.exec(text);
  if (starLike !== null) {
    // Fast path for `alf Lyr`, `3 Lyr`, `CG And`, `Vega Star`: same result as the general rules below.
    const word = (starLike[1] as string).toLowerCase();
    const first = /^\d/.test(word) ? String(Number(word)) : (CATALOGUE_WORDS[word] ?? word);
    const last = (starLike[2] as string).toLowerCase();
    const second = CATALOGUE_WORDS[last] ?? last;
    return `${GREEK_BY_WORD.get(first) ?? first} ${CONSTELLATION_BY_PHRASE.get(second)?.toLowerCase() ?? second}`;
  }
  // Apostrophes go before NFKD, which would turn an acute-accent apostrophe (´) into a space.
  let s = text.replace(/['’`´ʼ]/g, "");
  // NFKD and the Greek pass are skipped for plain ASCII, which most designations are (load-time speed).
  if (!/^[\x20-\x7e]*$/.test(s)) {
    s = stripMarks(s).replace(/[\u0370-\u03ff]/g, (c) => {
      const abbreviation = GREEK_BY_LETTER.get(c.toLowerCase());
      return abbreviation === undefined ? c : ` ${abbreviation} `;
    });
  }
  s = s
    .toLowerCase()
    .replace(/\.(?!\d)|(?<!\d)\.|[+-](?!\d)|(?<=[a-z])[+-]|[^a-z0-9.+-]+/g, " ")
    .replace(/([a-z])(?=\d)|(\d)(?=[a-z])/g, "$1$2 ");
  const tokens = s.split(" ");
  const out: string[] = [];
  for (const raw of tokens) {
    if (raw === "") continue;
    const t = /^[+-]?0\d/.test(raw) ? raw.replace(/^([+-]?)0+(?=\d)/, "$1") : raw;
    out.push(CATALOGUE_WORDS[t] ?? t);
  }
  if (out.length >= 2) {
    const first = out[0] as string;
    out[0] = GREEK_BY_WORD.get(first) ?? first;
    const lastTwo = out.length >= 3 ? CONSTELLATION_BY_PHRASE.get(out.slice(-2).join("")) : undefined;
    if (lastTwo !== undefined) {
      out.splice(-2, 2, lastTwo.toLowerCase());
    } else {
      const last = CONSTELLATION_BY_PHRASE.get(out[out.length - 1] as string);
      if (last !== undefined) out[out.length - 1] = last.toLowerCase();
    }
  }
  return out.join(" ");
}
