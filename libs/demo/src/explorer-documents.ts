import {
  formatSequenceId,
  formatTimestamp,
  normalizeFieldName,
  type ImageDoc,
  ImageDoc as ImageDocSchema,
  type ObservationDoc,
  ObservationDoc as ObservationDocSchema,
  type UnitDoc,
  UnitDoc as UnitDocSchema,
} from "@panoptes/models";
import { skyIndexFields } from "@panoptes/sky";

/**
 * Builders of complete, schema-checked Firestore documents (units, observations, images) for the Data
 * Explorer's tests, its benchmark and demos. Each takes the fields that
 * matter to the caller and fills the rest with plausible values; `sky_cells` always follows ra/dec.
 */

/** A unit document. */
export function syntheticUnit(unit_id: string, overrides: Partial<UnitDoc> = {}): UnitDoc {
  const now = new Date("2024-01-01T00:00:00Z");
  return UnitDocSchema.parse({
    unit_id,
    name: `Unit ${unit_id}`,
    elevation: 3400,
    location: { latitude: 19.54, longitude: -155.58 },
    status: "active",
    num_images: 0,
    num_observations: 0,
    total_minutes_exptime: 0,
    created_time: now,
    updated_time: now,
    ...overrides,
  });
}

/** An observation document; `time` defaults from the sequence id is not derived, pass it. */
export function syntheticObservation(
  fields: Pick<ObservationDoc, "sequence_id" | "unit_id" | "camera_id" | "time"> & Partial<ObservationDoc>,
): ObservationDoc {
  const ra = fields.ra === undefined ? 279.2347 : fields.ra;
  const dec = fields.dec === undefined ? 38.7837 : fields.dec;
  const fieldName = fields.field_name === undefined ? "Vega" : fields.field_name;
  return ObservationDocSchema.parse({
    received_time: fields.time,
    software_version: "POCSv0.7.0",
    project: "PANOPTES",
    field_name: fieldName,
    field_name_key: fieldName === null ? null : normalizeFieldName(fieldName),
    camera_filter: null,
    iso: 100,
    exptime: 120,
    status: "receiving_files",
    counted_on_unit: true,
    num_images: 10,
    total_minutes_exptime: 20,
    // as writers do: the time of the write, which incremental readers follow
    updated_time: new Date(),
    ...fields,
    ra,
    dec,
    ...skyIndexFields(ra, dec),
  });
}

/** An image document of an observation, `index` exposures (of `exptime` s plus 30 s readout) after its start. */
export function syntheticImage(
  obs: ObservationDoc,
  index: number,
  overrides: Partial<ImageDoc> = {},
): ImageDoc {
  const exptime = obs.exptime ?? 120;
  const time = new Date(obs.time.getTime() + index * (exptime + 30) * 1000);
  const stamp = formatTimestamp(time);
  const seqTime = obs.sequence_id.split("_")[2];
  const image_id = `${obs.unit_id}_${obs.camera_id}_${stamp}`;
  const bucket_path = `${obs.unit_id}/${obs.camera_id}/${seqTime}/${stamp}.fits.fz`;
  const nul = {
    ha_mnt: null,
    ra_mnt: obs.ra,
    dec_mnt: obs.dec,
    ra_image: obs.ra,
    dec_image: obs.dec,
    circconf: 0.019,
    colortmp: 4800,
    measev: 12.2,
    measev2: 12.1,
    measr: 474,
    measg: 1024,
    measg2: 1024,
    measb: 718,
    redbal: 2.1,
    bluebal: 1.4,
    whtlvln: 15000,
    whtlvls: 15000,
  };
  return ImageDocSchema.parse({
    ...nul,
    image_id,
    sequence_id: obs.sequence_id,
    unit_id: obs.unit_id,
    camera_id: obs.camera_id,
    time,
    received_time: time,
    exptime,
    airmass: Math.round((1.05 + index * 0.02) * 1000) / 1000,
    moonfrac: 0.3,
    moonsep: 60 + index * 0.1,
    solved: true,
    camtemp: 13 + index * 0.05,
    bucket_path,
    public_url: null,
    generation: "1700000000000000",
    size: 2_400_000,
    status: "recorded",
    error: null,
    products: null,
    counted: true,
    counted_exptime: exptime,
    updated_time: time,
    ...overrides,
  });
}

/** A sequence id for a unit, camera and time. */
export function sequenceIdFor(unitId: string, cameraId: string, time: Date): string {
  return formatSequenceId({ unit_id: unitId, camera_id: cameraId, time: formatTimestamp(time) });
}
