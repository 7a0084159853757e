import { fieldStars, frameCone, type IndexStarCatalog } from "@panoptes/astrometry";
import { createResolver, isLookupError, loadCatalog, type Resolve } from "@panoptes/lookup";
import type { FieldOverlay, OverlayTarget, WcsKeywordsDoc } from "@panoptes/models";
import { tanWcsFromHeader, worldToPixel } from "@panoptes/sky";

/** Where the overlay's stars and target come from (built once per instance by the binding). */
export interface FieldOverlaySources {
  /** catalogue stars (an astrometry.net Tycho-2 index, read once per process) */
  stars: IndexStarCatalog;
  /** the index file's name as the answer shows it, e.g. index-tycho2-10 */
  index: string;
  /** resolves a field name offline (libs/lookup: typed coordinates, then its catalogue); throws LookupError */
  resolveTarget(name: string): Promise<{ name: string; ra: number; dec: number; source: string }>;
}

/**
 * The field's target on the frame: the observation's field name resolved offline, with its FITS pixel; when it
 * does not resolve (most exoplanet hosts are not in the offline catalogue) the reason, so the viewer can say so.
 */
async function target(
  fieldName: string | null,
  sources: FieldOverlaySources,
  project: (ra: number, dec: number) => [number, number] | null,
  frame: { width: number; height: number },
): Promise<OverlayTarget | null> {
  if (!fieldName?.trim()) return null;
  try {
    const t = await sources.resolveTarget(fieldName);
    const p = project(t.ra, t.dec);
    const onFrame =
      p !== null && p[0] >= 0.5 && p[1] >= 0.5 && p[0] <= frame.width + 0.5 && p[1] <= frame.height + 0.5;
    return {
      field_name: fieldName,
      resolved: true,
      name: t.name,
      source: t.source,
      ra: t.ra,
      dec: t.dec,
      x: p ? p[0] : null,
      y: p ? p[1] : null,
      on_frame: onFrame,
    };
  } catch (err) {
    if (!isLookupError(err)) throw err;
    return { field_name: fieldName, resolved: false, reason: err.message };
  }
}

/**
 * The overlay of a solved frame: catalogue stars on it down to `vmag`, brightest first, and its field's target,
 * in the FITS pixels of the stored frame (`wcs` as solve-image stores it on the image document).
 */
export async function fieldOverlay(
  input: {
    wcs: WcsKeywordsDoc;
    frame: { width: number; height: number };
    fieldName: string | null;
    vmag: number;
  },
  sources: FieldOverlaySources,
): Promise<Omit<FieldOverlay, "image_id"> | null> {
  const wcs = tanWcsFromHeader(input.wcs);
  if (wcs === null) return null;
  const catalog = await sources.stars.cone(frameCone(wcs, input.frame, 0.05));
  const stars = fieldStars(catalog, wcs, input.frame, input.vmag).map((s) => ({
    ra: s.ra,
    dec: s.dec,
    mag: Math.round(s.mag * 1000) / 1000,
    x: Math.round(s.x * 100) / 100,
    y: Math.round(s.y * 100) / 100,
  }));
  return {
    frame: [input.frame.width, input.frame.height],
    vmag: input.vmag,
    index: sources.index,
    stars,
    target: await target(input.fieldName, sources, (ra, dec) => worldToPixel(wcs, ra, dec), input.frame),
  };
}

/**
 * A resolver of field names that never leaves the process: typed coordinates, then libs/lookup's offline
 * catalogue (loaded on first use, ~0.1-0.2 s; a failed load is retried by the next call). No Sesame: a viewer
 * overlay must not wait on CDS.
 */
export function offlineTargetResolver(
  files: { indexFile?: string; dataDir?: string } = {},
): FieldOverlaySources["resolveTarget"] {
  let resolver: Promise<Resolve> | null = null;
  return async (name) => {
    if (resolver === null) {
      resolver = loadCatalog(files).then((catalog) => createResolver({ catalog }));
      resolver.catch(() => {
        resolver = null;
      });
    }
    return (await resolver)(name);
  };
}
