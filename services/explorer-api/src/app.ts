import {
  COLLECTIONS,
  type ExplorerApiBody,
  type ExplorerSummary,
  ImageDocRead,
  type ImageRow,
  ObservationDocRead,
  type ObservationRow,
  plainFirestoreValue,
  SequenceId,
  UnitDocRead,
  UnitId,
} from "@panoptes/models";
import { aavsoExoplanetReport, EXPORT_CHANNELS, lightcurveCsv, toCsv } from "@panoptes/lightcurve-formats";
import {
  errorBody,
  errorInfo,
  firebaseApp,
  HttpError,
  type Logger,
  type ObjectStore,
  type Publisher,
  verifyCaller,
} from "@panoptes/platform";
import { ObservationNotFoundError, queueProcessingRun } from "@panoptes/processing";
import express, { type NextFunction, type Request, type Response } from "express";
import type { DocumentSnapshot, Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import type { ExplorerApiConfig } from "./config";
import { type CutoutReader, cutoutPng, MAX_CUTOUT_SIDE } from "./cutouts";
import { fieldOverlay, type FieldOverlaySources } from "./field-overlay";
import { BadParameterError, NotFoundError } from "./http-errors";
import { fileUrl } from "./links";
import { lightcurveIdParam, listRuns, listStars, parseStarQuery, readLightcurve } from "./lightcurves";
import { IndexTooLargeError, type MemoryObservationIndex } from "./memory-index";
import { listObservations, type ObservationPage } from "./observations";
import type { ObservationQuery } from "./params";
import { badParameter, parseObservationQuery } from "./params";
import type { PixelReader } from "./pixels";
import { imageSeries } from "./series";

/** What the read API needs, built once by the binding and passed in (tests pass the emulator's). */
export interface ExplorerApiDeps {
  db: Firestore;
  log: Logger;
  config: ExplorerApiConfig;
  /** serves observation lists from memory when given; Firestore queries otherwise (and as the fallback) */
  index?: MemoryObservationIndex;
  /** reads pixel values of stored frames (the image viewer's readout); the route answers 503 without it */
  pixels?: PixelReader;
  /** catalogue stars and target resolution for the viewer's overlay; the stars route answers 503 without it */
  overlay?: FieldOverlaySources;
  /** reads full-resolution cut-outs of stored frames by ranged reads; the cut-out route answers 503 without it */
  cutouts?: CutoutReader;
  /** publishes processing runs (`POST /observations/:sequenceId/process`); the route answers 503 without it */
  publisher?: Publisher;
  /** the signed-in user's uid from a request (Firebase ID token); verifyCaller of the project's app by default */
  verifyUser?: (req: Request) => Promise<string>;
  /** reads lightcurve series kept in the processed bucket (`storage_path`); such a lightcurve answers 503 without it */
  store?: Pick<ObjectStore, "read">;
}

const PixelQuery = z
  .object({
    x: z.coerce.number().int().min(1),
    y: z.coerce.number().int().min(1),
    size: z.coerce.number().int().min(1).max(64).default(32),
  })
  .strict();

const StarsQuery = z.object({ vmag: z.coerce.number().min(-2).max(16).default(11.5) }).strict();

const CutoutQuery = z
  .object({
    x: z.coerce.number().int().min(1),
    y: z.coerce.number().int().min(1),
    width: z.coerce.number().int().min(1).max(MAX_CUTOUT_SIDE),
    height: z.coerce.number().int().min(1).max(MAX_CUTOUT_SIDE),
  })
  .strict();

/** Columns of the CSV export of an observation list, in order. */
export const OBSERVATION_CSV_COLUMNS = [
  "sequence_id",
  "unit_id",
  "camera_id",
  "time",
  "field_name",
  "ra",
  "dec",
  "exptime",
  "iso",
  "camera_filter",
  "num_images",
  "total_minutes_exptime",
  "status",
  "project",
  "software_version",
  "received_time",
] as const;

/** 422: a stored document that cannot be read even as a 2020 document; names it. */
class UnreadableDocumentError extends HttpError {
  constructor(path: string, problem: string) {
    super(422, "invalid-document", `stored document ${path} cannot be read: ${problem}`);
  }
}

function problemOf(error: z.ZodError): string {
  const i = error.issues[0];
  return i ? `${i.path.join(".")}: ${i.message}` : "unreadable";
}

/** One document through its reader schema (2020 shapes included); null when missing; 422 when unreadable. */
function read<S extends z.ZodType>(schema: S, snap: DocumentSnapshot, idField: string): z.infer<S> | null {
  if (!snap.exists) return null;
  const r = schema.safeParse(plainFirestoreValue({ [idField]: snap.id, ...snap.data() }));
  if (!r.success) throw new UnreadableDocumentError(snap.ref.path, problemOf(r.error));
  return r.data;
}

/**
 * Documents of a list through their reader schema; an unreadable one is left out, logged and named in
 * `skipped`, so one bad document never fails the page.
 */
function readAll<S extends z.ZodType>(
  schema: S,
  snaps: readonly DocumentSnapshot[],
  idField: string,
  log: Logger,
  skipped: string[],
): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  for (const snap of snaps) {
    const r = schema.safeParse(plainFirestoreValue({ [idField]: snap.id, ...snap.data() }));
    if (r.success) out.push(r.data);
    else {
      log.warn("skipping a document that cannot be read", {
        path: snap.ref.path,
        problem: problemOf(r.error),
      });
      skipped.push(snap.id);
    }
  }
  return out;
}

function idParam(schema: z.ZodType, name: string, value: string | undefined): string {
  const r = schema.safeParse(value);
  if (!r.success) throw new BadParameterError(name, r.error.issues[0]?.message ?? "is malformed");
  return value as string;
}

const NoQuery = z.object({}).strict();
const LightcurveQuery = z
  .object({ format: z.enum(["json", "csv"], { message: "must be json or csv" }).optional() })
  .strict();
const AavsoQuery = z
  .object({
    channel: z.enum(EXPORT_CHANNELS, { message: "must be r, g or b" }).default("g"),
    obscode: z
      .string()
      .regex(/^[A-Za-z0-9]{0,10}$/, "must be an AAVSO observer code (letters and digits)")
      .default(""),
  })
  .strict();

function noQuery(req: Request): void {
  const r = NoQuery.safeParse(req.query);
  if (!r.success) throw badParameter(r.error);
}

function productUrl(config: ExplorerApiConfig, path: string | null | undefined): string | null {
  if (!path) return null;
  const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(path);
  return m ? fileUrl(config, m[1]!, m[2]!) : fileUrl(config, config.RGB_BUCKET, path);
}

/** An image with links to its stored file and RGB products. */
function imageRow(config: ExplorerApiConfig, im: ImageDocRead): ImageRow {
  const products = im.products ?? null;
  const previews = im.previews?.status === "made" && im.previews.bucket ? im.previews : null;
  return {
    ...im,
    links: {
      preview: previews?.preview ? fileUrl(config, previews.bucket!, previews.preview) : null,
      thumb: previews?.thumb ? fileUrl(config, previews.bucket!, previews.thumb) : null,
      file: im.public_url ?? (im.bucket_path ? fileUrl(config, config.RAW_BUCKET, im.bucket_path) : null),
      products: products
        ? {
            bayer: productUrl(config, products.bayer),
            r: productUrl(config, products.r),
            g: productUrl(config, products.g),
            b: productUrl(config, products.b),
          }
        : null,
    },
  };
}

/**
 * The read API as an express app. Routes answer at `/…` (the function's own URL) and at `/api/…` (Firebase
 * Hosting's rewrite keeps the path). Every answer is JSON `{success: true, …}` or
 * `{success: false, msg, error: {code, message}}` (CSV exports excepted), cacheable, with weak ETags. Lists
 * leave out documents they cannot read and name them in `skipped`.
 */
export function createApp(deps: ExplorerApiDeps): express.Express {
  const { db, log, config } = deps;
  let index = deps.index;
  const listPage = async (q: ObservationQuery): Promise<ObservationPage> => {
    if (index) {
      try {
        return await index.list(q);
      } catch (err) {
        if (!(err instanceof IndexTooLargeError)) throw err;
        log.warn("falling back to Firestore queries", { reason: err.message });
        index = undefined;
      }
    }
    return listObservations(db, q, log);
  };
  const cache = `public, max-age=${config.CACHE_MAX_AGE_S}, s-maxage=${config.CACHE_MAX_AGE_S}`;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", "weak");
  // The one write: a signed-in user (operators; the explorer's "Process again") queues a processing run.
  const actions = express.Router();
  const verifyUser =
    deps.verifyUser ?? ((req: Request) => verifyCaller(firebaseApp(config.GCLOUD_PROJECT), req));
  actions.post("/observations/:sequenceId/process", async (req, res) => {
    res.set("Cache-Control", "no-store");
    const uid = await verifyUser(req);
    const id = idParam(SequenceId, "sequence_id", req.params.sequenceId);
    if (!deps.publisher)
      throw new HttpError(503, "no-publisher", "this deployment cannot queue processing runs");
    try {
      const run = await queueProcessingRun(db, deps.publisher, {
        sequence_id: id,
        trigger: "request",
        requested_by: uid,
      });
      res.status(202).json({ success: true, processed_observation_id: run.processed_observation_id });
    } catch (err) {
      if (err instanceof ObservationNotFoundError) throw new NotFoundError("observation", id);
      throw err;
    }
  });
  app.use("/api", actions);
  app.use(actions);

  const api = express.Router();

  api.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw new HttpError(
        405,
        "method-not-allowed",
        `${req.method} is not allowed: this API is read-only (GET)`,
      );
    }
    res.set("Cache-Control", cache);
    next();
  });

  const summary = async (): Promise<ExplorerSummary> => {
    const snaps = await db.collection(COLLECTIONS.units).get();
    let observations = 0;
    let images = 0;
    let minutes = 0;
    for (const u of readAll(UnitDocRead, snaps.docs, "unit_id", log, [])) {
      observations += u.num_observations ?? 0;
      images += u.num_images ?? 0;
      minutes += u.total_minutes_exptime ?? 0;
    }
    return { units: snaps.size, observations, images, hours_exptime: Math.round((minutes / 60) * 100) / 100 };
  };

  api.get("/summary", async (req, res) => {
    noQuery(req);
    res.json({ success: true, summary: await summary() } satisfies ExplorerApiBody<"/summary">);
  });

  // The home page in one request: one round trip (and the Functions emulator would start a second worker,
  // with a cold index, for a second concurrent request).
  api.get("/home", async (req, res) => {
    noQuery(req);
    const [s, page] = await Promise.all([summary(), listPage({ limit: 10, format: "json" })]);
    res.json({
      success: true,
      summary: s,
      observations: page.observations,
      next_cursor: page.next_cursor,
      skipped: page.skipped,
    } satisfies ExplorerApiBody<"/home">);
  });

  api.get("/units", async (req, res) => {
    noQuery(req);
    const snaps = await db.collection(COLLECTIONS.units).get();
    const skipped: string[] = [];
    const units = readAll(UnitDocRead, snaps.docs, "unit_id", log, skipped);
    units.sort((a, b) => a.unit_id.localeCompare(b.unit_id));
    res.json({ success: true, units, skipped } satisfies ExplorerApiBody<"/units">);
  });

  api.get("/units/:unitId", async (req, res) => {
    noQuery(req);
    const id = idParam(UnitId, "unit_id", req.params.unitId);
    const unit = read(UnitDocRead, await db.collection(COLLECTIONS.units).doc(id).get(), "unit_id");
    if (!unit) throw new NotFoundError("unit", id);
    res.json({ success: true, unit } satisfies ExplorerApiBody<"/units/:unitId">);
  });

  api.get("/observations", async (req, res) => {
    const q = parseObservationQuery(req.query);
    if (q.format === "csv") throw new BadParameterError("format", "use /observations/export for CSV");
    const page = await listPage(q);
    res.json({
      success: true,
      observations: page.observations,
      next_cursor: page.next_cursor,
      skipped: page.skipped,
    } satisfies ExplorerApiBody<"/observations">);
  });

  api.get("/observations/export", async (req, res) => {
    const q = parseObservationQuery(req.query);
    if (req.query.limit !== undefined)
      throw new BadParameterError("limit", "exports return every match (no limit)");
    const rows: ObservationRow[] = [];
    let cursor = q.cursor;
    let truncated = false;
    for (;;) {
      const page = await listPage({ ...q, limit: 200, ...(cursor ? { cursor } : {}) });
      rows.push(...page.observations);
      if (rows.length >= config.EXPORT_MAX_ROWS) {
        truncated = rows.length > config.EXPORT_MAX_ROWS || page.next_cursor !== null;
        rows.length = Math.min(rows.length, config.EXPORT_MAX_ROWS);
        break;
      }
      if (!page.next_cursor) break;
      cursor = parseObservationQuery({ cursor: page.next_cursor }).cursor;
    }
    res.set("X-Export-Truncated", String(truncated));
    res.set("Content-Disposition", `attachment; filename="observations.${q.format}"`);
    if (q.format === "csv") {
      res.type("text/csv; charset=utf-8").send(toCsv(OBSERVATION_CSV_COLUMNS, rows));
    } else {
      res.json({
        success: true,
        observations: rows,
        truncated,
      } satisfies ExplorerApiBody<"/observations/export">);
    }
  });

  api.get("/observations/:sequenceId", async (req, res) => {
    noQuery(req);
    const id = idParam(SequenceId, "sequence_id", req.params.sequenceId);
    const [obsSnap, imageSnaps] = await Promise.all([
      db.collection(COLLECTIONS.observations).doc(id).get(),
      db.collection(COLLECTIONS.images).where("sequence_id", "==", id).get(),
    ]);
    if (!obsSnap.exists) throw new NotFoundError("observation", id);
    // The stored fields (extra ones included) with the reader's conversions of 2020 values on top.
    const { sky_cells: _omit, ...observation }: ObservationRow & { sky_cells?: string[] } = {
      ...(plainFirestoreValue(obsSnap.data()) as Record<string, unknown>),
      ...read(ObservationDocRead, obsSnap, "sequence_id")!,
    };
    void _omit;
    // Sorted here rather than by an orderBy: no composite index, and a sequence holds at most a few hundred images.
    const skipped: string[] = [];
    const images = readAll(ImageDocRead, imageSnaps.docs, "image_id", log, skipped).sort(
      (a, b) => (a.time?.getTime() ?? 0) - (b.time?.getTime() ?? 0) || a.image_id.localeCompare(b.image_id),
    );
    res.json({
      success: true,
      observation,
      images: images.map((im) => imageRow(config, im)),
      series: imageSeries(
        images,
        typeof observation.ra === "number" && typeof observation.dec === "number"
          ? { ra: observation.ra, dec: observation.dec }
          : null,
      ),
      skipped,
    } satisfies ExplorerApiBody<"/observations/:sequenceId">);
  });

  api.get("/observations/:sequenceId/runs", async (req, res) => {
    noQuery(req);
    const id = idParam(SequenceId, "sequence_id", req.params.sequenceId);
    const [obs, runs] = await Promise.all([
      db.collection(COLLECTIONS.observations).doc(id).get(),
      listRuns(db, config, id, log),
    ]);
    if (!obs.exists) throw new NotFoundError("observation", id);
    res.json({ success: true, ...runs } satisfies ExplorerApiBody<"/observations/:sequenceId/runs">);
  });

  api.get("/observations/:sequenceId/runs/:runId/stars", async (req, res) => {
    const q = parseStarQuery(req.query);
    const id = idParam(SequenceId, "sequence_id", req.params.sequenceId);
    const runId = lightcurveIdParam(req.params.runId);
    const page = await listStars(db, id, runId, q, log);
    res.json({
      success: true,
      run_id: runId,
      sequence_id: id,
      sort: q.sort,
      order: q.order,
      offset: q.offset,
      ...page,
    } satisfies ExplorerApiBody<"/observations/:sequenceId/runs/:runId/stars">);
  });

  // `/lightcurves/ID` (JSON, or CSV with ?format=csv), `/lightcurves/ID.csv`, `/lightcurves/ID.aavso.txt`.
  api.get("/lightcurves/:file", async (req, res) => {
    const m = /^(.*?)(\.csv|\.aavso\.txt)?$/.exec(req.params.file)!;
    const id = lightcurveIdParam(m[1]!);
    const suffix = m[2] ?? "";
    if (suffix === ".aavso.txt") {
      const q = AavsoQuery.safeParse(req.query);
      if (!q.success) throw badParameter(q.error);
      const { exported } = await readLightcurve(db, config, deps.store, id);
      const obs = await db.collection(COLLECTIONS.observations).doc(exported.sequence_id).get();
      const exptime = obs.exists ? Number(obs.get("exptime")) : NaN;
      res.set("Content-Disposition", `attachment; filename="${id}.aavso-${q.data.channel}.txt"`);
      res.type("text/plain; charset=utf-8").send(
        aavsoExoplanetReport(exported, {
          channel: q.data.channel,
          obscode: q.data.obscode,
          software: config.AAVSO_SOFTWARE,
          exposureTime: Number.isFinite(exptime) ? exptime : null,
        }),
      );
      return;
    }
    const q = LightcurveQuery.safeParse(req.query);
    if (!q.success) throw badParameter(q.error);
    const { view, exported } = await readLightcurve(db, config, deps.store, id);
    if (suffix === ".csv" || q.data.format === "csv") {
      res.set("Content-Disposition", `attachment; filename="${id}.csv"`);
      res.type("text/csv; charset=utf-8").send(lightcurveCsv(exported));
      return;
    }
    res.json({ success: true, lightcurve: view } satisfies ExplorerApiBody<"/lightcurves/:id">);
  });

  const imageDoc = async (id: string) => {
    const im = read(ImageDocRead, await db.collection(COLLECTIONS.images).doc(id).get(), "image_id");
    if (!im) throw new NotFoundError("image", id);
    return im;
  };

  // Physical pixel values around FITS pixel (x, y) (1-based) of an image's recorded frame.
  api.get("/images/:imageId/pixels", async (req, res) => {
    const q = PixelQuery.safeParse(req.query);
    if (!q.success) throw badParameter(q.error);
    const id = req.params.imageId;
    const im = await imageDoc(id);
    if (!im.bucket_path) throw new HttpError(404, "no-frame", `image ${id} has no recorded FITS frame`);
    if (!deps.pixels) throw new HttpError(503, "no-pixels", "this deployment reads no pixel values");
    const block = await deps.pixels.block(config.RAW_BUCKET, im.bucket_path, im.generation ?? null, q.data);
    res.json({ success: true, ...block });
  });

  // Catalogue stars (down to V = vmag) and the field's target on a solved frame, in its FITS pixels.
  api.get("/images/:imageId/stars", async (req, res) => {
    const q = StarsQuery.safeParse(req.query);
    if (!q.success) throw badParameter(q.error);
    const id = req.params.imageId;
    const im = await imageDoc(id);
    if (!im.wcs)
      throw new HttpError(404, "not-solved", `image ${id} has no plate solution (wcs) to place stars with`);
    const width = im.previews?.frame_width;
    const height = im.previews?.frame_height;
    if (!width || !height) {
      throw new HttpError(
        409,
        "no-frame-size",
        `image ${id} has no preview yet, so its frame size is unknown`,
      );
    }
    if (!deps.overlay) throw new HttpError(503, "no-catalogue", "this deployment has no star catalogue");
    const obs = im.sequence_id
      ? read(
          ObservationDocRead,
          await db.collection(COLLECTIONS.observations).doc(im.sequence_id).get(),
          "sequence_id",
        )
      : null;
    const overlay = await fieldOverlay(
      { wcs: im.wcs, frame: { width, height }, fieldName: obs?.field_name ?? null, vmag: q.data.vmag },
      deps.overlay,
    );
    if (!overlay) throw new HttpError(422, "unusable-wcs", `image ${id}'s wcs is not a TAN celestial WCS`);
    res.json({ success: true, image_id: id, ...overlay } satisfies ExplorerApiBody<"/images/:imageId/stars">);
  });

  // A full-resolution cut-out of a stored frame as a PNG, stretched as its preview.
  // x, y: the region's lower-left FITS pixel (1-based); it is clipped to the frame. Headers name the stretch.
  api.get("/images/:imageId/cutout", async (req, res) => {
    const q = CutoutQuery.safeParse(req.query);
    if (!q.success) throw badParameter(q.error);
    const id = req.params.imageId;
    const im = await imageDoc(id);
    if (!im.bucket_path) throw new HttpError(404, "no-frame", `image ${id} has no recorded FITS frame`);
    if (!deps.cutouts) throw new HttpError(503, "no-cutouts", "this deployment reads no cut-outs");
    const cutout = await deps.cutouts.cutout(
      {
        bucket: config.RAW_BUCKET,
        path: im.bucket_path,
        generation: im.generation ?? null,
        size: im.size ?? null,
      },
      { x0: q.data.x, y0: q.data.y, width: q.data.width, height: q.data.height },
    );
    const zscale = im.previews?.status === "made" ? im.previews.zscale : null;
    const { png, limits } = cutoutPng(cutout, zscale ? [zscale[0]!, zscale[1]!] : null);
    res.set({
      "X-Cutout-Region": `${cutout.x0},${cutout.y0},${cutout.width},${cutout.height}`,
      "X-Cutout-Frame": cutout.frame.join(","),
      "X-Stretch": `${zscale ? "preview-zscale" : "cutout-zscale"} ${limits.join(",")}`,
      "X-Bytes-Read": String(cutout.bytesRead),
      "Access-Control-Expose-Headers": "X-Cutout-Region, X-Cutout-Frame, X-Stretch, X-Bytes-Read",
    });
    res.type("image/png").send(png);
  });

  api.get("/client-config", (req, res) => {
    noQuery(req);
    res.json({
      success: true,
      project_id: config.GCLOUD_PROJECT,
      auth_emulator_host: config.FIREBASE_AUTH_EMULATOR_HOST ?? null,
    } satisfies ExplorerApiBody<"/client-config">);
  });

  api.use((req) => {
    throw new HttpError(404, "not-found", `no route GET ${req.path}`);
  });

  app.use("/api", api);
  app.use(api);

  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    void next;
    res.set("Cache-Control", "no-store");
    if (err instanceof HttpError) {
      res.status(err.status).json(errorBody(err.code, err.message));
      return;
    }
    log.error("request failed", { path: req.path, error: err });
    res.status(500).json(errorBody("internal", errorInfo(err).message));
  });
  return app;
}
