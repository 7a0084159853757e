import type { CatalogIndex } from "@panoptes/lookup";
import type { FieldStar } from "@panoptes/photometry";
import { angularDistanceDeg } from "@panoptes/sky";

/** How far (degrees) a resolved field name may be from a catalogue star for that star to be the target. */
export const TARGET_MATCH_DEG = 0.05;
/** The fallback target: the nearest star to the pointing centre at least this bright (V). */
export const FALLBACK_TARGET_VMAG = 10;

/** The field's target: which catalogue star, and the name the outputs give it. */
export interface FieldTarget {
  id: string;
  name: string | null;
  /** how it was chosen */
  rule: "field-name" | "nearest-bright-star" | "nearest-star";
}

/**
 * The observation's target among the measured stars. When the observation's `field_name` resolves through the
 * offline catalogue (libs/lookup: named stars, HIP numbers) to a position within TARGET_MATCH_DEG of a measured
 * star, that star, named `field_name`. Otherwise the measured star nearest the pointing centre that is at least
 * V FALLBACK_TARGET_VMAG (PANOPTES fields are centred on their target), else the nearest one; unnamed.
 * Null when no star was measured.
 */
export async function chooseTarget(
  stars: readonly FieldStar[],
  options: { fieldName: string | null; centre: { ra: number; dec: number }; catalog: CatalogIndex | null },
): Promise<FieldTarget | null> {
  if (stars.length === 0) return null;
  const nearest = (ra: number, dec: number, list: readonly FieldStar[]) => {
    let best: FieldStar | null = null;
    let bestD = Infinity;
    for (const s of list) {
      const d = angularDistanceDeg(ra, dec, s.ra, s.dec);
      if (d < bestD) [best, bestD] = [s, d];
    }
    return best ? { star: best, distance: bestD } : null;
  };
  if (options.fieldName && options.catalog) {
    const match = await options.catalog.lookup(options.fieldName).catch(() => null);
    if (match) {
      const hit = nearest(match.ra, match.dec, stars);
      if (hit && hit.distance <= TARGET_MATCH_DEG)
        return { id: hit.star.id, name: options.fieldName, rule: "field-name" };
    }
  }
  const bright = stars.filter((s) => s.vmag <= FALLBACK_TARGET_VMAG);
  const { ra, dec } = options.centre;
  if (bright.length > 0)
    return { id: nearest(ra, dec, bright)!.star.id, name: null, rule: "nearest-bright-star" };
  return { id: nearest(ra, dec, stars)!.star.id, name: null, rule: "nearest-star" };
}
