/** What one Sesame resolver answered: ICRS (J2000) degrees, `ra` in [0, 360). */
export interface SesameHit {
  ra: number;
  dec: number;
  /** The resolver's short name as Sesame reports it, without code and comment: `Simbad`, `NED`, `VizieR`. */
  resolver: string;
  /** The main identifier (`<oname>` or `%I.0`), when given. */
  name?: string;
  /** Other identifiers (`<alias>` or `%I`), present when the request asked for them (`-oI`). */
  aliases: string[];
}

/** A parsed Sesame answer: the first resolver with coordinates, or nothing found. */
export type SesameAnswer = { found: true; hit: SesameHit } | { found: false; detail: string };

/** The body is not a Sesame answer (an HTML error page, an empty body): the mirror failed. */
export class SesameFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SesameFormatError";
  }
}

/**
 * The short name of a Sesame resolver from its label: `S=Simbad (via url)` → `Simbad`,
 * `Sca=Simbad (CfA, via client/server)` → `Simbad`, `N=NED` → `NED`, `V=VizieR (local)` → `VizieR`.
 */
export function resolverShortName(label: string): string {
  const withoutCode = label.includes("=") ? label.slice(label.indexOf("=") + 1) : label;
  return withoutCode.replace(/\(.*$/, "").trim() || label.trim();
}

function decodeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Collapses Sesame's padding (`M  31`) and VizieR's braces (`{NGC} 3642`). */
function cleanIdentifier(text: string): string {
  return text.replace(/[{}]/g, "").replace(/\s+/g, " ").trim();
}

function validPosition(ra: number, dec: number): boolean {
  return Number.isFinite(ra) && Number.isFinite(dec) && ra >= 0 && ra <= 360 && dec >= -90 && dec <= 90;
}

function hit(ra: number, dec: number, label: string, name: string | undefined, aliases: string[]): SesameHit {
  const cleanName = name === undefined ? undefined : cleanIdentifier(name);
  return {
    ra: ra >= 360 ? ra - 360 : ra,
    dec,
    resolver: resolverShortName(label),
    ...(cleanName ? { name: cleanName } : {}),
    aliases: aliases
      .map(cleanIdentifier)
      .filter((a, i, all) => a !== "" && a !== cleanName && all.indexOf(a) === i),
  };
}

/**
 * Parses Sesame's XML answer (`-ox`, `-oxp`, `-oxpI`): `<Sesame><Target><Resolver name="S=Simbad">` blocks
 * with `<jradeg>`, `<jdedeg>`, `<oname>` and `<alias>`. The first block with valid coordinates wins;
 * blocks with `<INFO>` only, or out-of-range coordinates, are skipped.
 * @throws SesameFormatError when the body has no `<Sesame` element.
 */
export function parseSesameXml(xml: string): SesameAnswer {
  if (!/<Sesame[\s>/]/.test(xml)) throw new SesameFormatError("the answer has no <Sesame> element");
  const infos: string[] = [];
  for (const block of xml.matchAll(/<Resolver\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Resolver>)/g)) {
    const label = decodeXml(/\bname\s*=\s*"([^"]*)"/.exec(block[1] ?? "")?.[1] ?? "");
    const body = block[2] ?? "";
    const field = (tag: string): string | undefined => {
      const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body);
      return m ? decodeXml(m[1] as string).trim() : undefined;
    };
    const info = field("INFO");
    if (info !== undefined) infos.push(`${resolverShortName(label)}: ${info}`);
    const ra = Number(field("jradeg") ?? NaN);
    const dec = Number(field("jdedeg") ?? NaN);
    if (!validPosition(ra, dec)) continue;
    const aliases = [...body.matchAll(/<alias>([^<]*)<\/alias>/g)].map((m) => decodeXml(m[1] as string));
    return { found: true, hit: hit(ra, dec, label, field("oname"), aliases) };
  }
  const targetInfo = [...xml.matchAll(/<INFO>([^<]*)<\/INFO>/g)].map((m) => decodeXml(m[1] as string).trim());
  const detail = [...new Set([...infos, ...targetInfo])].join("; ");
  return { found: false, detail: detail || "no resolver gave coordinates" };
}

/**
 * Parses Sesame's plain-text answer (`-o`, `-oI`): sections opened by `#=S=Simbad (via url):  1`, with
 * `%J ra dec = hh:mm:ss +dd:mm:ss`, `%I.0 main id` and `%I alias` lines; `#!` lines report errors
 * such as `*** Nothing found ***`. The first section with a valid `%J` line wins.
 * @throws SesameFormatError when the body has no `#` line (not a Sesame answer).
 */
export function parseSesameText(text: string): SesameAnswer {
  const lines = text.split(/\r?\n/);
  if (!lines.some((l) => l.startsWith("#"))) throw new SesameFormatError("the answer has no Sesame '#' line");
  const errors: string[] = [];
  let label: string | undefined;
  let position: { ra: number; dec: number } | undefined;
  let name: string | undefined;
  let aliases: string[] = [];
  const sections: SesameHit[] = [];
  const close = (): void => {
    if (label !== undefined && position !== undefined)
      sections.push(hit(position.ra, position.dec, label, name, aliases));
    label = undefined;
    position = undefined;
    name = undefined;
    aliases = [];
  };
  for (const line of lines) {
    if (line.startsWith("#=")) {
      close();
      label = line
        .slice(2)
        .replace(/:\s*\d*\s*$/, "")
        .trim();
    } else if (line.startsWith("#!")) {
      errors.push(line.slice(2).trim());
    } else if (line.startsWith("%J ") && label !== undefined && position === undefined) {
      const [ra, dec] = line.slice(3).trim().split(/\s+/).map(Number);
      if (ra !== undefined && dec !== undefined && validPosition(ra, dec)) position = { ra, dec };
    } else if (line.startsWith("%I.0 ") && label !== undefined) {
      name = line.slice(5);
    } else if (line.startsWith("%I ") && label !== undefined) {
      aliases.push(line.slice(3));
    }
  }
  close();
  const first = sections[0];
  if (first !== undefined) return { found: true, hit: first };
  return { found: false, detail: errors.join("; ") || "no resolver gave coordinates" };
}

/** Parses a Sesame answer in either form, telling XML (`<?xml`, `<Sesame`) from text by its first characters. */
export function parseSesameAnswer(body: string): SesameAnswer {
  const start = body.trimStart();
  if (start === "") throw new SesameFormatError("the answer is empty");
  if (start.startsWith("<?xml") || start.startsWith("<Sesame")) return parseSesameXml(start);
  if (start.startsWith("<"))
    throw new SesameFormatError(`the answer is markup, not Sesame: ${start.slice(0, 60)}`);
  return parseSesameText(start);
}
