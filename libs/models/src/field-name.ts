/**
 * The key a field name is matched by: accents dropped, lower case, letters and digits only, so `Wasp 35`,
 * `WASP-35` and `wasp_35` meet. Stored on observations as `field_name_key`.
 */
export function normalizeFieldName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}
