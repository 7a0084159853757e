import { formatSequenceId, formatTimestamp, parseTimestamp } from "@panoptes/models";
import { seededRandom } from "./random";

/** Everything a generated PANOPTES image header says. Angles in degrees, exposure in seconds. */
export interface ImageSpec {
  unit_id: string;
  camera_id: string;
  sequence_time: string;
  image_time: string;
  field: string;
  /** pointing (and plate solution when `solved`) */
  ra: number;
  dec: number;
  solved: boolean;
  exptime: number;
  iso: number;
  latitude: number;
  longitude: number;
  elevation: number;
  camtemp: number;
  airmass: number;
  moonfrac: number;
  moonsep: number;
}

const SITES = [
  { unit_id: "PAN001", latitude: 19.54, longitude: -155.58, elevation: 3400, cameras: ["14d3bd", "ee04d1"] },
  { unit_id: "PAN008", latitude: -33.47, longitude: 151.21, elevation: 40, cameras: ["3c8b2a"] },
  { unit_id: "PAN012", latitude: 40.35, longitude: -105.53, elevation: 2500, cameras: ["a1b2c3", "0f9e8d"] },
];

const FIELDS = [
  { field: "Wasp 35", ra: 77.3563, dec: -6.2297 },
  { field: "KIC 8462852", ra: 301.5644, dec: 44.4569 },
  { field: "HD 189733", ra: 300.1821, dec: 22.7108 },
  { field: "TESS_SEC17_CAM02", ra: 2.1, dec: 60.5 },
  { field: "Polaris", ra: 37.9546, dec: 89.2641 },
];

/**
 * The demo network: three units, five cameras, two sequences per camera, `imagesPerSequence` images each,
 * one sequence in two unsolved. Deterministic.
 */
export function demoDataset(imagesPerSequence = 4): ImageSpec[] {
  const out: ImageSpec[] = [];
  const random = seededRandom(2016);
  let f = 0;
  for (const site of SITES) {
    for (const camera_id of site.cameras) {
      for (let s = 0; s < 2; s++) {
        const target = FIELDS[f++ % FIELDS.length]!;
        const start = parseTimestamp("20240315T060000").getTime() + (f * 86400 + s * 7200) * 1000;
        for (let i = 0; i < imagesPerSequence; i++) {
          const t = new Date(start + (i * 150 + 30) * 1000);
          out.push({
            unit_id: site.unit_id,
            camera_id,
            sequence_time: formatTimestamp(new Date(start)),
            image_time: formatTimestamp(t),
            field: target.field,
            ra: target.ra + (random() - 0.5) * 0.02,
            dec: target.dec + (random() - 0.5) * 0.02,
            solved: !(s === 1 && i % 2 === 1),
            exptime: 120,
            iso: 100,
            latitude: site.latitude,
            longitude: site.longitude,
            elevation: site.elevation,
            camtemp: 10 + Math.round(random() * 10),
            airmass: 1 + i * 0.02 + random() * 0.01,
            moonfrac: 0.3,
            moonsep: 60 + random() * 30,
          });
        }
      }
    }
  }
  return out;
}

/** `UNIT/CAM/SEQTIME/IMGTIME.ext` of a spec. */
export function specPath(spec: ImageSpec, extension = ".fits"): string {
  return `${spec.unit_id}/${spec.camera_id}/${spec.sequence_time}/${spec.image_time}${extension}`;
}

/** The sequence id of a spec. */
export function specSequenceId(spec: ImageSpec): string {
  return formatSequenceId({ unit_id: spec.unit_id, camera_id: spec.camera_id, time: spec.sequence_time });
}
