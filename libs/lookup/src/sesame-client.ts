import { parseSesameAnswer, type SesameHit } from "./sesame-parse";

/** CDS Sesame base URLs: the primary at CDS Strasbourg, then the CfA (Harvard) mirror. */
export const DEFAULT_SESAME_MIRRORS = [
  "https://cds.unistra.fr/cgi-bin/nph-sesame",
  "http://vizier.cfa.harvard.edu/viz-bin/nph-sesame",
] as const;

/** Default time allowed to each mirror, in milliseconds. */
export const DEFAULT_SESAME_TIMEOUT_MS = 3000;

/** Answer forms Sesame offers: `xml` (`-oxpI`, with `<alias>` elements) or `text` (`-oI`, `%J` lines). */
export type SesameFormat = "xml" | "text";

export interface SesameClientOptions {
  /** Base URLs tried in order, each up to `.../nph-sesame`; default {@link DEFAULT_SESAME_MIRRORS}. */
  mirrors?: readonly string[];
  /** Time allowed to each mirror (connection and body), in milliseconds; default 3000. */
  timeoutMs?: number;
  /** Answer form requested; default `xml`. Both are parsed whatever is asked. */
  format?: SesameFormat;
  /** Sesame resolvers to ask, in order: `S` Simbad, `N` NED, `V` VizieR, `A` all; default `SNV`. */
  resolvers?: string;
  /** The fetch implementation; default the global `fetch` (Node 20+). */
  fetch?: typeof fetch;
}

/** The outcome of asking Sesame: a hit, or a definite "nothing found" from a working mirror. */
export type SesameResult = { found: true; hit: SesameHit; mirror: string } | { found: false; detail: string };

/** Resolves names with CDS Sesame. */
export interface SesameClient {
  /**
   * Asks each mirror in turn until one answers (a hit or "nothing found"); a mirror that fails, times out,
   * answers an HTTP error or a body that is not Sesame's is skipped.
   * @throws SesameUnavailableError when every mirror failed.
   */
  resolve(name: string): Promise<SesameResult>;
}

/** Every Sesame mirror failed; `failures` says how, one entry per mirror. */
export class SesameUnavailableError extends Error {
  readonly failures: readonly string[];

  constructor(failures: readonly string[]) {
    super(`every Sesame mirror failed: ${failures.join("; ")}`);
    this.name = "SesameUnavailableError";
    this.failures = failures;
  }
}

/**
 * The documented Sesame query URL: `<base>/-oxpI/<resolvers>?<name>` for XML or `<base>/-oI/<resolvers>?<name>`
 * for text (`-o` output options: `x` XML, `p` pretty, `I` all identifiers). The name is percent-encoded.
 */
export function sesameUrl(
  base: string,
  name: string,
  format: SesameFormat = "xml",
  resolvers = "SNV",
): string {
  const options = format === "xml" ? "-oxpI" : "-oI";
  return `${base.replace(/\/+$/, "")}/${options}/${resolvers}?${encodeURIComponent(name)}`;
}

/** Creates a Sesame client over HTTP with per-mirror timeouts and fallback to the next mirror. */
export function createSesameClient(options: SesameClientOptions = {}): SesameClient {
  const mirrors = options.mirrors ?? DEFAULT_SESAME_MIRRORS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SESAME_TIMEOUT_MS;
  const format = options.format ?? "xml";
  const resolvers = options.resolvers ?? "SNV";
  const doFetch = options.fetch ?? fetch;
  if (mirrors.length === 0) throw new TypeError("a Sesame client needs at least one mirror URL");
  return {
    async resolve(name) {
      const failures: string[] = [];
      for (const mirror of mirrors) {
        const url = sesameUrl(mirror, name, format, resolvers);
        try {
          const response = await doFetch(url, {
            signal: AbortSignal.timeout(timeoutMs),
            headers: { accept: format === "xml" ? "text/xml, */*" : "text/plain, */*" },
          });
          if (!response.ok) {
            // Drain the body so the connection is released.
            await response.arrayBuffer().catch(() => undefined);
            failures.push(`${mirror}: HTTP ${response.status}`);
            continue;
          }
          const answer = parseSesameAnswer(await response.text());
          return answer.found
            ? { found: true, hit: answer.hit, mirror }
            : { found: false, detail: answer.detail };
        } catch (error) {
          failures.push(`${mirror}: ${describeFailure(error, timeoutMs)}`);
        }
      }
      throw new SesameUnavailableError(failures);
    },
  };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  // The timeout's DOMException may come from another realm (test runners): test its name, not its class.
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    return `${error.message}${detail}`;
  }
  return String(error);
}
