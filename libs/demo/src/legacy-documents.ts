/**
 * Documents shaped as the 2020 network's Firestore held them (the seed's examples and what its Cloud Functions
 * wrote), for compatibility tests: a unit without its id field and with counters stored as strings, a GeoPoint
 * location (here `{latitude, longitude}`, which the Firestore adapter's toFirestoreData writes as a GeoPoint),
 * observations with `receiving_files`, the older `receiving`, `start_time`/`field`/`pocs_version` names, numbers
 * and times as strings (`YYYYMMDDTHHMMSS` and ISO 8601), missing fields and nulls, images `solved` and `received`,
 * and one observation no reader can make sense of. Dates are written as Firestore timestamps.
 */
export interface LegacyFixture {
  unitId: string;
  units: Record<string, Record<string, unknown>>;
  observations: Record<string, Record<string, unknown>>;
  images: Record<string, Record<string, unknown>>;
  /** the observation that cannot be read (readers must name it, not fail) */
  unreadableObservation: string;
  /** the seed-style observation with counters stored as strings, and what they say */
  countedObservation: {
    id: string;
    camera_id: string;
    sequence_time: string;
    num_images: number;
    minutes: number;
  };
  /** the unit's legacy counters, as numbers */
  unitCounters: { num_images: number; num_observations: number; total_minutes_exptime: number };
}

/** The fixture set for unit `unitId` (e.g. from uniqueUnitId(), so tests sharing an emulator do not collide). */
export function legacyDocuments(unitId: string): LegacyFixture {
  const n = Number(unitId.slice(3));
  const seed = `${unitId}_ee04d1_20200317T060000`;
  const cf2020 = `${unitId}_14d3bd_20200318T051500`;
  const older = `${unitId}_14d3bd_20200319T040000`;
  const broken = `${unitId}_14d3bd_20200320T030000`;
  return {
    unitId,
    units: {
      [unitId]: {
        name: `Legacy unit ${unitId}`,
        location: { latitude: 19.54, longitude: -155.58 },
        elevation: "3400.0",
        status: "active",
        num_images: "7",
        num_observations: 3,
        total_minutes_exptime: "14.0",
      },
    },
    observations: {
      // The seed's example: DatetimeWithNanoseconds time, the 2020 status word, counters as strings.
      [seed]: {
        unit_id: unitId,
        camera_id: "ee04d1",
        time: new Date("2020-03-17T06:00:00Z"),
        field_name: "Wasp 35",
        exptime: 120,
        iso: 100,
        ra: 77.3563,
        dec: -6.2297,
        status: "receiving_files",
        num_images: "3",
        total_minutes_exptime: "6.0",
        software_version: "POCSv0.6.2",
        project: "PANOPTES",
        camera_filter: null,
        received_time: null,
      },
      // As cf-record-image wrote it: numeric unit id, start_time/field/pocs_version/origin, strings everywhere.
      [cf2020]: {
        unit_id: n,
        camera_id: "14d3bd",
        start_time: "20200318T051500",
        exptime: "120.0",
        pocs_version: "POCSv0.6.1",
        field: "KIC 8462852",
        origin: "Project PANOPTES",
        camera_filter: null,
        iso: "100",
        status: "receiving_files",
      },
      // This project's older word and an ISO time string; no counters at all.
      [older]: {
        unit_id: unitId,
        camera_id: "14d3bd",
        time: "2020-03-19T04:00:00",
        field_name: "HD 189733",
        exptime: 120,
        status: "receiving",
        num_images: 4,
        total_minutes_exptime: 8,
      },
      [broken]: {
        unit_id: unitId,
        camera_id: "14d3bd",
        time: "sometime in March",
        exptime: "long",
        status: "receiving_files",
      },
    },
    images: {
      [`${unitId}_ee04d1_20200317T060030`]: {
        sequence_id: seed,
        unit_id: unitId,
        camera_id: "ee04d1",
        time: new Date("2020-03-17T06:00:30Z"),
        exptime: 120,
        airmass: "1.052",
        moonfrac: 0.31,
        ra_image: 77.35,
        dec_image: -6.23,
        solved: true,
        status: "solved",
        bucket_path: `${unitId}/ee04d1/20200317T060000/20200317T060030.fits.fz`,
        public_url: `https://storage.googleapis.com/panoptes-raw-images/${unitId}/ee04d1/20200317T060000/20200317T060030.fits.fz`,
      },
      [`${unitId}_14d3bd_20200318T051730`]: {
        sequence_id: cf2020,
        time: "20200318T051730",
        bucket_path: `${unitId}/14d3bd/20200318T051500/20200318T051730.fits`,
        airmass: "1.2",
        exptime: "120.0",
        measrggb: "474 1024 1024 718",
        camtemp: "13 C",
        status: "received",
      },
    },
    unreadableObservation: broken,
    countedObservation: {
      id: seed,
      camera_id: "ee04d1",
      sequence_time: "20200317T060000",
      num_images: 3,
      minutes: 6,
    },
    unitCounters: { num_images: 7, num_observations: 3, total_minutes_exptime: 14 },
  };
}
