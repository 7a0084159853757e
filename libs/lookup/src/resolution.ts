/** Which step answered: typed coordinates, an offline catalogue, the network's fields, or a Sesame resolver. */
export type ResolutionSource = "coordinates" | "network" | `catalog:${string}` | `sesame:${string}`;

/** The answer to a lookup: ICRS (J2000) degrees, `ra` in [0, 360), `dec` in [-90, 90]. */
export interface Resolution {
  ra: number;
  dec: number;
  /** The search string as received (trimmed). */
  search_string: string;
  /** The designation that matched, in the source's spelling (`alf Cyg`, `M 31`, `Wasp 35`). */
  name: string;
  source: ResolutionSource;
  /** Other designations of the same object, when the source gives them. */
  aliases?: string[];
}
