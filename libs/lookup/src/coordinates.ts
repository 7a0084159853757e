import { InvalidCoordinatesError } from "./errors";

/** A position on the sky in ICRS (J2000) degrees: `ra` in [0, 360), `dec` in [-90, 90]. */
export interface SkyPosition {
  ra: number;
  dec: number;
}

type Unit = "h" | "m" | "s" | "d" | "'" | '"' | ":" | "";

interface Token {
  sign: "+" | "-" | "";
  text: string;
  value: number;
  unit: Unit;
}

/** Characters a typed coordinate pair may contain once symbols are normalised. */
const COORDINATE_CHARS = /^[0-9+\-.,:\shmsd'"]+$/;
/** One number with its optional sign and unit mark (sticky: read from a given index). */
const TOKEN_SOURCE = String.raw`\s*([+-]?)\s*(\d+(?:\.\d*)?|\.\d+)\s*(h|m|s|d|'|"|:)?`;

/** Replaces typographic symbols by their ASCII forms: primes, degree signs, Unicode minus, letters' case. */
function normaliseSymbols(input: string): string {
  return input
    .toLowerCase()
    .replace(/[\u2212\u2012\u2013\u2014]/g, "-")
    .replace(/[°º˚]/g, "d")
    .replace(/[′’‘ʹ]/g, "'")
    .replace(/(?:''|[″”“ʺ\u02DD])/g, '"')
    .trim();
}

/**
 * Whether `input` is meant as coordinates: it starts with a digit, a sign or a point, holds only digits,
 * signs, separators and the unit marks h m s d ° ' " : , and has at least two numbers. Names such as
 * `M 31`, `58 Ori` or `3C 273` are not coordinates.
 */
export function looksLikeCoordinates(input: string): boolean {
  const text = normaliseSymbols(input);
  if (!/^[+\-.\d]/.test(text) || !COORDINATE_CHARS.test(text)) return false;
  return (text.match(/\d+(?:\.\d*)?|\.\d+/g) ?? []).length >= 2;
}

function tokenize(part: string, whole: string): Token[] {
  const tokens: Token[] = [];
  const pattern = new RegExp(TOKEN_SOURCE, "y");
  let at = 0;
  const text = part.trim();
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match || match[0].length === 0) {
      throw new InvalidCoordinatesError(
        `cannot read coordinates ${JSON.stringify(whole)}: unexpected ${JSON.stringify(text.slice(at))}; ` +
          `expected numbers with optional h/m/s, d/°/'/" or : separators`,
      );
    }
    const [, sign = "", number = "", unit = ""] = match;
    tokens.push({ sign: sign as Token["sign"], text: number, value: Number(number), unit: unit as Unit });
    at = pattern.lastIndex;
  }
  return tokens;
}

/** Splits the tokens of a pair into the RA tokens and the Dec tokens. */
function splitPair(tokens: Token[], whole: string): [Token[], Token[]] {
  const signed = tokens.map((t, i) => (i > 0 && t.sign !== "" ? i : -1)).filter((i) => i > 0);
  if (signed.length > 1) {
    throw new InvalidCoordinatesError(
      `cannot read coordinates ${JSON.stringify(whole)}: only the Dec may carry a sign, found ${signed.length + 1} signed values`,
    );
  }
  if (signed.length === 1) {
    const at = signed[0] as number;
    return [tokens.slice(0, at), tokens.slice(at)];
  }
  if (tokens.every((t) => t.unit === "")) {
    if (tokens.length === 2 || tokens.length === 4 || tokens.length === 6) {
      const half = tokens.length / 2;
      return [tokens.slice(0, half), tokens.slice(half)];
    }
    throw new InvalidCoordinatesError(
      `cannot read coordinates ${JSON.stringify(whole)}: ${tokens.length} plain numbers; expected 2 (degrees), ` +
        `4 or 6 (sexagesimal), or a comma or a signed Dec to mark where the Dec starts`,
    );
  }
  const raLength = raGroupLength(tokens);
  return [tokens.slice(0, raLength), tokens.slice(raLength)];
}

/** How many leading tokens form the RA when units or colons say where it ends. */
function raGroupLength(tokens: Token[]): number {
  const first = tokens[0] as Token;
  const unitAt = (i: number): Unit | undefined => tokens[i]?.unit;
  if (first.unit === ":") {
    // A colon run: N: N or N: N: N (the last one may carry s or ").
    return unitAt(1) === ":" ? 3 : 2;
  }
  if (first.unit === "h" || first.unit === "d") {
    let n = 1;
    if (unitAt(n) === "m" || unitAt(n) === "'") n += 1;
    if (n === 2 && (unitAt(n) === "s" || unitAt(n) === '"')) n += 1;
    return n;
  }
  if (first.unit === "") {
    // Plain numbers until the first one with a unit that closes the group.
    let n = 0;
    while (n < tokens.length && tokens[n]?.unit === "" && n < 3) n += 1;
    if (n < tokens.length && ["s", '"', "m", "'"].includes(tokens[n]?.unit ?? "")) n += 1;
    return n === tokens.length ? 1 : n;
  }
  return 1;
}

interface ParsedAngle {
  /** The value in the group's first unit (hours or degrees), unsigned. */
  magnitude: number;
  negative: boolean;
  sexagesimal: boolean;
  hours: boolean;
}

function parseGroup(tokens: Token[], axis: "RA" | "Dec", whole: string): ParsedAngle {
  const fail = (rule: string): never => {
    throw new InvalidCoordinatesError(`invalid ${axis} in ${JSON.stringify(whole)}: ${rule}`);
  };
  if (tokens.length === 0) fail("missing; expected an RA and a Dec");
  if (tokens.length > 3)
    fail(`${tokens.length} numbers; expected at most 3 (degrees or hours, minutes, seconds)`);
  const first = tokens[0] as Token;
  if (tokens.slice(1).some((t) => t.sign !== "")) fail("only the first number may carry a sign");
  const units = tokens.map((t) => t.unit);
  const hours = units[0] === "h";
  const degreeMarks = units.some((u) => u === "d" || u === "'" || u === '"');
  if (hours && axis === "Dec") fail("a Dec is in degrees, not hours");
  if (hours && degreeMarks) fail("mixes hour and degree marks");
  const expected: readonly (readonly Unit[])[] = [
    ["h", "d", ":", ""],
    ["m", "'", ":", ""],
    ["s", '"', ""],
  ];
  tokens.forEach((t, i) => {
    if (!(expected[i] as readonly Unit[]).includes(t.unit)) fail(`unexpected mark ${JSON.stringify(t.unit)}`);
  });
  tokens.slice(0, -1).forEach((t) => {
    if (!Number.isInteger(t.value) || t.text.includes(".")) {
      fail(`${t.text} must be a whole number when finer units follow it`);
    }
  });
  tokens.slice(1).forEach((t) => {
    if (t.value >= 60) fail(`minutes and seconds must be below 60, got ${t.text}`);
  });
  const magnitude = tokens.reduce((sum, t, i) => sum + t.value / 60 ** i, 0);
  const sexagesimal = tokens.length > 1 || units[0] === ":" || units[0] === "h";
  return {
    magnitude,
    negative: first.sign === "-",
    sexagesimal,
    hours: hours || (sexagesimal && !degreeMarks),
  };
}

/**
 * Parses typed coordinates into ICRS degrees, or returns null when `input` is not meant as coordinates
 * (see {@link looksLikeCoordinates}).
 *
 * Accepted forms: decimal degrees `83.82 -5.39`; sexagesimal with colons or spaces `05:35:16.8 -05:23:15`,
 * `05 35 16.8 -05 23 15` (the RA is then in hours); letters `5h35m16.8s -5d23m15s` and symbols
 * `5h35m16.8s -5°23'15"`; an optional comma between RA and Dec. RA in degrees may also carry `d`/`°`.
 * Rules: RA must lie in [0, 24] hours or [0, 360] degrees, and exactly 24 h / 360° wrap to 0 (the same
 * meridian); anything beyond, or a negative RA, is rejected rather than wrapped, since it is more likely a
 * typo than a meaning. Dec must lie in [-90, 90]. Minutes and seconds must be below 60.
 * @throws InvalidCoordinatesError when the input looks like coordinates but breaks a rule.
 */
export function parseCoordinates(input: string): SkyPosition | null {
  if (!looksLikeCoordinates(input)) return null;
  const text = normaliseSymbols(input);
  let raTokens: Token[];
  let decTokens: Token[];
  if (text.includes(",")) {
    const parts = text.split(",");
    if (parts.length !== 2 || parts.some((p) => p.trim() === "")) {
      throw new InvalidCoordinatesError(
        `cannot read coordinates ${JSON.stringify(input)}: expected one comma between RA and Dec, found ${parts.length - 1}`,
      );
    }
    raTokens = tokenize(parts[0] as string, input);
    decTokens = tokenize(parts[1] as string, input);
  } else {
    [raTokens, decTokens] = splitPair(tokenize(text, input), input);
  }
  const ra = parseGroup(raTokens, "RA", input);
  const dec = parseGroup(decTokens, "Dec", input);
  if (ra.negative) {
    throw new InvalidCoordinatesError(`invalid RA in ${JSON.stringify(input)}: RA cannot be negative`);
  }
  const raLimit = ra.hours ? 24 : 360;
  if (ra.magnitude > raLimit) {
    throw new InvalidCoordinatesError(
      `invalid RA in ${JSON.stringify(input)}: ${ra.magnitude} ${ra.hours ? "hours" : "degrees"} is beyond ` +
        `${raLimit}; RA must lie in [0, 24] hours or [0, 360] degrees`,
    );
  }
  const raDegrees = (ra.hours ? ra.magnitude * 15 : ra.magnitude) % 360;
  if (dec.magnitude > 90) {
    throw new InvalidCoordinatesError(
      `invalid Dec in ${JSON.stringify(input)}: ${dec.negative ? "-" : ""}${dec.magnitude} degrees; Dec must lie in [-90, 90]`,
    );
  }
  return { ra: raDegrees, dec: dec.negative ? -dec.magnitude : dec.magnitude };
}

/** Wraps an RA in degrees into [0, 360). */
export function normaliseRa(raDegrees: number): number {
  const wrapped = raDegrees % 360;
  const positive = wrapped < 0 ? wrapped + 360 : wrapped;
  // A tiny negative input wraps to 360 in floating point: that is 0.
  return positive >= 360 ? 0 : positive;
}

/** Formats an RA in degrees as `HH:MM:SS.ss` (hours, 2 decimals of seconds, wrapped into [0, 24h)). */
export function formatRa(raDegrees: number): string {
  const centiseconds = Math.round((normaliseRa(raDegrees) / 15) * 360000) % (24 * 360000);
  const h = Math.floor(centiseconds / 360000);
  const m = Math.floor((centiseconds % 360000) / 6000);
  const s = (centiseconds % 6000) / 100;
  return `${pad(h)}:${pad(m)}:${s.toFixed(2).padStart(5, "0")}`;
}

/** Formats a Dec in degrees as `±DD:MM:SS.s` (1 decimal of arcseconds). */
export function formatDec(decDegrees: number): string {
  const tenths = Math.round(Math.abs(decDegrees) * 36000);
  const d = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  return `${decDegrees < 0 && tenths > 0 ? "-" : "+"}${pad(d)}:${pad(m)}:${s.toFixed(1).padStart(4, "0")}`;
}

/** Angular distance between two positions, in arcseconds (haversine, exact for small separations). */
export function separationArcsec(a: SkyPosition, b: SkyPosition): number {
  const rad = Math.PI / 180;
  const dDec = (b.dec - a.dec) * rad;
  const dRa = (b.ra - a.ra) * rad;
  const h = Math.sin(dDec / 2) ** 2 + Math.cos(a.dec * rad) * Math.cos(b.dec * rad) * Math.sin(dRa / 2) ** 2;
  return (2 * Math.asin(Math.min(1, Math.sqrt(h))) * 180 * 3600) / Math.PI;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
