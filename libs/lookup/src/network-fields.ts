/** A field the network has observed, as the `networkFields` dependency returns it (degrees, ICRS). */
export interface NetworkField {
  /** The field name as stored on the observation, e.g. `Wasp 35`. */
  name: string;
  ra: number;
  dec: number;
}

/**
 * Looks up a PANOPTES field name among the network's observations (the service implements it over
 * Firestore, matching a stored `field_name_key` equal to {@link normalizeFieldName} of `field_name`).
 */
export interface NetworkFields {
  /**
   * @param normalizedName {@link normalizeFieldName} of the search string.
   * @param rawName the search string as typed (trimmed).
   * @returns the field with its position, or null when no observation has that field name or position.
   */
  findByFieldName(normalizedName: string, rawName: string): Promise<NetworkField | null>;
}

export { normalizeFieldName } from "@panoptes/models";
