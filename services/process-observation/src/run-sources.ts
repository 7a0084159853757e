import type { WcsKeywords } from "@panoptes/astrometry";
import { COLLECTIONS, ImageDocRead, ObservationDocRead, UnitDocRead } from "@panoptes/models";
import type { Site } from "@panoptes/photometry";
import { type ObjectStore, readDoc } from "@panoptes/platform";
import { type FrameInput, FrameUnreadableError, RunFailedError } from "@panoptes/processing";
import type { Firestore } from "firebase-admin/firestore";

/** An observation's frames as a run sees them: solved ones to measure, the others with the reason. */
export interface ObservationFrames {
  fieldName: string | null;
  centre: { ra: number; dec: number } | null;
  unitId: string | null;
  site: Site | null;
  frames: FrameInput[];
  unusable: Array<{ image_id: string; reason: string }>;
}

/**
 * Reads what a run of `sequenceId` measures: the observation (its field name), its unit's site (location and
 * elevation, when recorded) and its images in time order. Frames solved by solve-image (a WCS, a recorded FITS)
 * are measured; the others are listed with why not (not solved yet, unsolvable, error). Frames larger than
 * `maxBytes` are dropped as unreadable when read. Throws RunFailedError for an unknown observation.
 */
export async function observationFrames(
  deps: { db: Firestore; store: ObjectStore; rawBucket: string; maxBytes: number },
  sequenceId: string,
): Promise<ObservationFrames> {
  const observation = readDoc(
    ObservationDocRead,
    await deps.db.collection(COLLECTIONS.observations).doc(sequenceId).get(),
  );
  if (!observation) throw new RunFailedError("observation-not-found", `no observation ${sequenceId}`);
  const unit = observation.unit_id
    ? readDoc(UnitDocRead, await deps.db.collection(COLLECTIONS.units).doc(observation.unit_id).get())
    : null;
  const site: Site | null = unit?.location
    ? { latitude: unit.location.latitude, longitude: unit.location.longitude, elevation: unit.elevation ?? 0 }
    : null;
  const snap = await deps.db.collection(COLLECTIONS.images).where("sequence_id", "==", sequenceId).get();
  const images = snap.docs
    .map((d) => readDoc(ImageDocRead, d))
    .filter((d): d is ImageDocRead => d !== null)
    .sort((a, b) => (a.time?.getTime() ?? 0) - (b.time?.getTime() ?? 0));
  const frames: FrameInput[] = [];
  const unusable: ObservationFrames["unusable"] = [];
  for (const image of images) {
    const wcs = image.wcs as WcsKeywords | null | undefined;
    if (!image.solved || !wcs || !image.bucket_path || !(image.time instanceof Date)) {
      const reason =
        image.status === "error"
          ? `error: ${image.error?.message ?? "unreadable"}`
          : image.solve_generation
            ? `unsolved: ${image.solve_reason ?? "no plate solution"}`
            : image.solved && !wcs
              ? "unsolved: solved by the unit only (no WCS of ours)"
              : "unsolved: not plate-solved yet";
      unusable.push({ image_id: image.image_id, reason });
      continue;
    }
    const path = image.bucket_path;
    const generation = image.generation ?? undefined;
    frames.push({
      image_id: image.image_id,
      time: image.time,
      exptime: image.exptime ?? null,
      wcs,
      read: async () => {
        const info = await deps.store.stat(deps.rawBucket, path);
        if (info && info.size > deps.maxBytes)
          throw new FrameUnreadableError(`unreadable: ${info.size} bytes, more than ${deps.maxBytes}`);
        return new Uint8Array(await deps.store.read(deps.rawBucket, path, generation));
      },
    });
  }
  const centre =
    typeof observation.ra === "number" && typeof observation.dec === "number"
      ? { ra: observation.ra, dec: observation.dec }
      : null;
  return {
    fieldName: observation.field_name ?? null,
    centre,
    unitId: observation.unit_id ?? null,
    site,
    frames,
    unusable,
  };
}
