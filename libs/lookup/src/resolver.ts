import type { CatalogIndex } from "./catalog-index";
import { formatDec, formatRa, normaliseRa, parseCoordinates } from "./coordinates";
import { InvalidSearchStringError, NotFoundError, ResolverUnavailableError } from "./errors";
import type { ResolutionCache } from "./memory-cache";
import { normalizeFieldName, type NetworkFields } from "./network-fields";
import type { Resolution } from "./resolution";
import { SesameUnavailableError, type SesameClient } from "./sesame-client";

/** Longest accepted search string, in characters (after trimming). */
export const MAX_SEARCH_STRING_LENGTH = 256;

/** What a resolver is built from; every step but the catalogue is optional. */
export interface ResolverDependencies {
  /** The offline index, from `loadCatalog()` (load once per process). */
  catalog: CatalogIndex;
  /** The network's own field names (step 3); absent: the step is skipped. */
  networkFields?: NetworkFields;
  /** CDS Sesame (step 4); absent: offline mode, Sesame is not tried. */
  sesame?: SesameClient;
  /** Where Sesame answers are kept; absent: every Sesame lookup goes to the network. */
  cache?: ResolutionCache;
  /** Told when the cache fails; the lookup goes on without it. Default: ignore. */
  onCacheError?: (error: unknown, operation: "get" | "set") => void;
}

/** Resolves one search string. */
export type Resolve = (searchString: unknown) => Promise<Resolution>;

/**
 * The cache key of a Sesame lookup: `sesame:` and the trimmed, lower-cased search string with runs of
 * spaces collapsed (signs and punctuation kept: `BD+20 123` and `BD-20 123` differ). It may contain `/`:
 * a store that uses it as a document id must encode it.
 */
export function sesameCacheKey(searchString: string): string {
  return `sesame:${searchString.trim().replace(/\s+/g, " ").toLowerCase()}`;
}

/**
 * Checks and trims a search string.
 * @throws InvalidSearchStringError when it is not a string, is empty after trimming, is longer than
 * {@link MAX_SEARCH_STRING_LENGTH} characters or contains control characters.
 */
export function validateSearchString(searchString: unknown): string {
  if (typeof searchString !== "string") {
    throw new InvalidSearchStringError(
      `the search string must be a string of 1 to ${MAX_SEARCH_STRING_LENGTH} characters, got ${searchString === null ? "null" : typeof searchString}`,
    );
  }
  const trimmed = searchString.trim();
  if (trimmed === "")
    throw new InvalidSearchStringError("the search string is empty; give a name or coordinates");
  if ([...trimmed].length > MAX_SEARCH_STRING_LENGTH) {
    throw new InvalidSearchStringError(
      `the search string is ${[...trimmed].length} characters long; at most ${MAX_SEARCH_STRING_LENGTH} are accepted`,
    );
  }
  // Tested by code point so that the source holds no control characters.
  if ([...trimmed].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c.codePointAt(0) === 0x7f)) {
    throw new InvalidSearchStringError(
      "the search string contains control characters (tabs, new lines, ...)",
    );
  }
  return trimmed;
}

/**
 * Builds the resolver. Order: (1) coordinates typed directly, (2) the offline catalogue, (3) the network's
 * field names, (4) CDS Sesame through the cache. The first step that knows the string answers.
 */
export function createResolver(deps: ResolverDependencies): Resolve {
  const { catalog, networkFields, sesame, cache } = deps;
  const onCacheError = deps.onCacheError ?? (() => undefined);
  return async (input) => {
    const searchString = validateSearchString(input);

    const position = parseCoordinates(searchString);
    if (position !== null) {
      return {
        ra: position.ra,
        dec: position.dec,
        search_string: searchString,
        name: `${formatRa(position.ra)} ${formatDec(position.dec)}`,
        source: "coordinates",
      };
    }

    const tried = ["coordinates", "catalog"];
    const match = await catalog.lookup(searchString);
    if (match !== null) {
      return {
        ra: match.ra,
        dec: match.dec,
        search_string: searchString,
        name: match.name,
        source: `catalog:${match.catalog}`,
        ...(match.aliases.length > 0 ? { aliases: match.aliases } : {}),
      };
    }

    if (networkFields !== undefined) {
      tried.push("network");
      const field = await networkFields.findByFieldName(normalizeFieldName(searchString), searchString);
      if (field && Number.isFinite(field.ra) && Number.isFinite(field.dec) && Math.abs(field.dec) <= 90) {
        return {
          ra: normaliseRa(field.ra),
          dec: field.dec,
          search_string: searchString,
          name: field.name,
          source: "network",
        };
      }
    }

    if (sesame === undefined) {
      throw new NotFoundError(searchString, tried, ["sesame (offline mode)"]);
    }
    tried.push("sesame");
    const key = sesameCacheKey(searchString);
    if (cache !== undefined) {
      try {
        const cached = await cache.get(key);
        if (cached) return { ...cached, search_string: searchString };
      } catch (error) {
        onCacheError(error, "get");
      }
    }
    let result;
    try {
      result = await sesame.resolve(searchString);
    } catch (error) {
      if (error instanceof SesameUnavailableError) {
        throw new ResolverUnavailableError(searchString, error.failures.join("; "), { cause: error });
      }
      throw error;
    }
    if (!result.found) {
      throw new NotFoundError(searchString, tried, []);
    }
    const { hit } = result;
    const resolution: Resolution = {
      ra: normaliseRa(hit.ra),
      dec: hit.dec,
      search_string: searchString,
      name: hit.name ?? searchString,
      source: `sesame:${hit.resolver}`,
      ...(hit.aliases.length > 0 ? { aliases: hit.aliases } : {}),
    };
    if (cache !== undefined) {
      try {
        await cache.set(key, resolution);
      } catch (error) {
        onCacheError(error, "set");
      }
    }
    return resolution;
  };
}
