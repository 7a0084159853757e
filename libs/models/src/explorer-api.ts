import type { ImageDocRead, ObservationDocRead, ProcessedObservationDocRead, UnitDocRead } from "./documents";
import type { ChannelValues, LightcurvePoint, LightcurveStar } from "./processing";

/*
 * The Data Explorer's read API (services/explorer-api), declared once for both ends: the server builds these
 * bodies (times as Dates) and type-checks each answer against them; the web app (services/explorer) reads them
 * as `Json<...>` (times as ISO 8601 UTC strings). Types only: the app imports them with `import type`, so its
 * bundle carries nothing of this library.
 */

/** The type `JSON.stringify` then `JSON.parse` make of a value of type T: Dates become ISO 8601 strings. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The network in numbers: counts, and the exposure of every recorded image in hours. */
export interface ExplorerSummary {
  units: number;
  observations: number;
  images: number;
  hours_exptime: number;
}

/** An observation as the API answers it: the stored fields but the search index. */
export type ObservationRow = Omit<ObservationDocRead, "sky_cells">;

/** Download URLs of an image's stored file and of its RGB products (null where there is none). */
export interface ImageLinks {
  file: string | null;
  /** the ~1200 px JPEG preview and ~300 px thumbnail (make-preview), null until made */
  preview: string | null;
  thumb: string | null;
  products: { bayer: string | null; r: string | null; g: string | null; b: string | null } | null;
}

/** An image as the API answers it: the stored fields and download links. */
export type ImageRow = ImageDocRead & { links: ImageLinks };

/** The per-image series plotted on an observation page, as parallel arrays in image time order. */
export interface ImageSeries {
  /** exposure start of each image (UTC; ISO 8601 text on the wire) */
  time: string[];
  airmass: Array<number | null>;
  /** degrees */
  moonsep: Array<number | null>;
  /** degrees Celsius */
  camtemp: Array<number | null>;
  /** seconds */
  exptime: Array<number | null>;
  /**
   * arcminutes: where solve-image found each frame's centre relative to the observation's solved centre
   * (east and north on the sky), null for frames not solved; the tracking drift over the sequence
   */
  offset_east: Array<number | null>;
  offset_north: Array<number | null>;
}

/**
 * A processing run of an observation with its document id, and download URLs of the run's whole table (CSV and
 * FITS in the processed bucket; null until written).
 */
export type ProcessingRunRow = { id: string } & ProcessedObservationDocRead & {
    links: { csv: string | null; fits: string | null };
  };

/** A measured star of a run: its lightcurve's id and figures, without the points. */
export interface MeasuredStarRow {
  lightcurve_id: string;
  /** the star (older documents' `target` read as the star) */
  star: LightcurveStar;
  is_target: boolean;
  /** robust scatter per frame and binned, and the CCD-equation floor, ppm per channel (null: not measured) */
  rms_ppm: ChannelValues | null;
  rms_binned_ppm: ChannelValues | null;
  expected_ppm: ChannelValues | null;
  num_points: number | null;
}

/** Sort keys of a run's measured stars: V magnitude, or the scatter per frame in G (ppm). */
export type StarSortKey = "vmag" | "rms";

/** A lightcurve with its points (inline or read from `storage_path`), the star always named. */
export interface LightcurveView extends Omit<MeasuredStarRow, "lightcurve_id"> {
  id: string;
  sequence_id: string;
  processed_observation_id: string | null;
  comparisons: Record<string, string[]>;
  /** sorted by time */
  points: LightcurvePoint[];
}

/**
 * Ids of documents a list could not read even as 2020 documents: each is logged and left out rather than
 * failing the answer.
 */
export interface SkippedIds {
  skipped: string[];
}

/** One page of the newest-first observation list. */
export interface ObservationPageBody extends SkippedIds {
  observations: ObservationRow[];
  /** pass as `cursor` for the next page; null at the end */
  next_cursor: string | null;
}

/** A catalogue star on a solved frame: RA/Dec (degrees, J2000), V magnitude (Tycho-2 VT), FITS pixel (1-based). */
export interface OverlayStar {
  ra: number;
  dec: number;
  mag: number;
  x: number;
  y: number;
}

/**
 * The field's target on a frame: the observation's field name resolved offline (libs/lookup: typed coordinates,
 * then its catalogue of named stars, HIP/HD numbers, Messier and NGC/IC objects), with its FITS pixel (null
 * behind the tangent plane); or, when it does not resolve, why.
 */
export type OverlayTarget =
  | {
      field_name: string;
      resolved: true;
      /** the designation that matched and where from (`catalog:stars`, `coordinates`, …) */
      name: string;
      source: string;
      ra: number;
      dec: number;
      x: number | null;
      y: number | null;
      on_frame: boolean;
    }
  | { field_name: string; resolved: false; reason: string };

/** The image viewer's overlay of a solved frame (`GET /images/:imageId/stars?vmag=V`). */
export interface FieldOverlay {
  image_id: string;
  /** NAXIS1, NAXIS2 of the frame the pixels belong to */
  frame: [number, number];
  /** the magnitude limit applied (stars with VT ≤ vmag) */
  vmag: number;
  /** the astrometry.net index the stars come from, e.g. index-tycho2-10 */
  index: string;
  /** brightest first */
  stars: OverlayStar[];
  /** null when the observation has no field name */
  target: OverlayTarget | null;
}

/**
 * The JSON body of a successful answer of each route (`GET /api<route>`), `success: true` left out. CSV exports
 * (`format=csv`) are text, not listed here. An error answer is `{success: false, msg, error: {code, message}}`
 * (`msg` repeats the message, as the 2020 network's clients read it). Lists that read many documents name the
 * ones they could not read in `skipped`.
 */
export interface ExplorerApiRoutes {
  "/summary": { summary: ExplorerSummary };
  /** the home page in one request: the summary and the first 10 observations */
  "/home": { summary: ExplorerSummary } & ObservationPageBody;
  "/units": { units: UnitDocRead[] } & SkippedIds;
  "/units/:unitId": { unit: UnitDocRead };
  "/observations": ObservationPageBody;
  "/observations/export": { observations: ObservationRow[]; truncated: boolean };
  /** `skipped` names the observation's images that could not be read */
  "/observations/:sequenceId": {
    observation: ObservationRow;
    images: ImageRow[];
    series: ImageSeries;
  } & SkippedIds;
  /** the observation's processing runs, newest first; `skipped` names run documents that could not be read */
  "/observations/:sequenceId/runs": { runs: ProcessingRunRow[] } & SkippedIds;
  /**
   * a run's measured stars: the field target first, then sorted by `sort` (`vmag` or `rms`, the G scatter per
   * frame) in `order`, `limit` per page from `offset`; stars without the sort value last
   */
  "/observations/:sequenceId/runs/:runId/stars": {
    run_id: string;
    sequence_id: string;
    sort: StarSortKey;
    order: "asc" | "desc";
    total: number;
    offset: number;
    next_offset: number | null;
    stars: MeasuredStarRow[];
  } & SkippedIds;
  /** `GET /lightcurves/ID.csv` and `/lightcurves/ID.aavso.txt?channel=r|g|b` are text attachments */
  "/lightcurves/:id": { lightcurve: LightcurveView };
  /** catalogue stars and the field's target on a solved frame; the cut-out route (`/cutout`) answers a PNG */
  "/images/:imageId/stars": FieldOverlay;
  /** what the web app needs to sign in (anonymously) against this project */
  "/client-config": { project_id: string; auth_emulator_host: string | null };
}

/** The body the server sends for a route: `{success: true, ...}`. */
export type ExplorerApiBody<R extends keyof ExplorerApiRoutes> = { success: true } & ExplorerApiRoutes[R];
