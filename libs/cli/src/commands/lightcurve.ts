import { Storage } from "@google-cloud/storage";
import {
  aavsoExoplanetReport,
  EXPORT_CHANNELS,
  type ExportChannel,
  lightcurveCsv,
  lightcurveJson,
  lightcurveStar,
  normaliseLightcurve,
  parseStoredPoints,
} from "@panoptes/lightcurve-formats";
import { createResolver, createSesameClient, loadCatalog } from "@panoptes/lookup";
import {
  COLLECTIONS,
  LightcurveDocRead,
  type LightcurvePoint,
  plainFirestoreValue,
  ProcessedObservationDocRead,
} from "@panoptes/models";
import { createObjectStore, firebaseApp, firestoreFor } from "@panoptes/platform";
import { angularDistanceDeg } from "@panoptes/sky";
import type { Firestore } from "firebase-admin/firestore";
import { parseArgs } from "node:util";
import { type Command, UsageError } from "../io";
import { resolveTarget } from "../target";

/** The farthest a measured star may be from the position `--star` names, degrees (3 arcminutes). */
export const STAR_MATCH_RADIUS_DEG = 0.05;
const FORMATS = ["json", "csv", "aavso"] as const;

/** A clear refusal: the message is the whole story (no run yet, run failed, star not found). */
export class LightcurveNotFoundError extends Error {
  readonly code = "lightcurve-not-found";
}

type Run = { id: string } & ProcessedObservationDocRead;

/** The run to read: `--run` (it must be done), else the newest done run; errors say why there is none. */
export async function chooseRun(db: Firestore, sequenceId: string, runId?: string): Promise<Run> {
  const snaps = await db
    .collection(COLLECTIONS.processedObservations)
    .where("sequence_id", "==", sequenceId)
    .get();
  const runs = snaps.docs
    .map((s) => ({ id: s.id, ...ProcessedObservationDocRead.parse(plainFirestoreValue(s.data())) }))
    .sort((a, b) => (b.created_time?.getTime() ?? 0) - (a.created_time?.getTime() ?? 0));
  const explain = (r: Run) =>
    r.status === "failed"
      ? `run ${r.id} failed: ${r.reason ?? "no reason recorded"}`
      : `run ${r.id} is ${r.status ?? "of unknown status"}, not done yet (panoptes process ${sequenceId} --wait waits for it)`;
  if (runId) {
    const run = runs.find((r) => r.id === runId);
    if (!run) throw new LightcurveNotFoundError(`observation ${sequenceId} has no processing run ${runId}`);
    if (run.status !== "done") throw new LightcurveNotFoundError(explain(run));
    return run;
  }
  const done = runs.find((r) => r.status === "done");
  if (done) return done;
  if (runs[0])
    throw new LightcurveNotFoundError(`observation ${sequenceId} has no finished run: ${explain(runs[0])}`);
  throw new LightcurveNotFoundError(
    `observation ${sequenceId} has not been processed yet (start a run: panoptes process ${sequenceId})`,
  );
}

interface Candidate {
  id: string;
  doc: LightcurveDocRead;
}

/**
 * Which lightcurve of a run: the field target by default; with `star`, a measured star of that name or id, or
 * else the measured star nearest the position the name resolves to (libs/lookup: coordinates, the offline
 * catalogue, CDS Sesame unless offline), within STAR_MATCH_RADIUS_DEG.
 */
export async function chooseStar(
  db: Firestore,
  run: Run,
  star: string | undefined,
  offline: boolean,
): Promise<Candidate> {
  const snaps = await db
    .collection(COLLECTIONS.lightcurves)
    .where("processed_observation_id", "==", run.id)
    .select("sequence_id", "processed_observation_id", "target", "star", "is_target")
    .get();
  const all: Candidate[] = snaps.docs.map((s) => ({
    id: s.id,
    doc: LightcurveDocRead.parse(plainFirestoreValue(s.data())),
  }));
  if (all.length === 0) throw new LightcurveNotFoundError(`run ${run.id} has no lightcurves`);
  if (!star) {
    const target =
      all.find((c) => c.id === run.target?.lightcurve_id) ?? all.find((c) => c.doc.is_target === true);
    if (!target)
      throw new LightcurveNotFoundError(
        `run ${run.id} measured no field target; name a star with --star NAME or --star RA,DEC`,
      );
    return target;
  }
  const key = star.trim().toLowerCase();
  const named = all.find((c) => {
    const s = lightcurveStar(c.doc);
    return s.id.toLowerCase() === key || s.name?.toLowerCase() === key;
  });
  if (named) return named;
  const resolve = createResolver({
    catalog: await loadCatalog(),
    ...(offline ? {} : { sesame: createSesameClient() }),
  });
  const at = await resolve(star);
  let best: { c: Candidate; d: number } | null = null;
  for (const c of all) {
    const s = lightcurveStar(c.doc);
    const d = angularDistanceDeg(at.ra, at.dec, s.ra, s.dec);
    if (!best || d < best.d) best = { c, d };
  }
  if (!best || best.d > STAR_MATCH_RADIUS_DEG) {
    const nearest = best
      ? ` (nearest: ${lightcurveStar(best.c.doc).id}, ${(best.d * 60).toFixed(1)}′ away)`
      : "";
    throw new LightcurveNotFoundError(
      `no star measured by run ${run.id} within ${STAR_MATCH_RADIUS_DEG * 60}′ of ${at.name} ` +
        `(RA ${at.ra.toFixed(4)}°, Dec ${at.dec.toFixed(4)}°)${nearest}`,
    );
  }
  return best.c;
}

export const lightcurveCommand: Command = {
  name: "lightcurve",
  summary: "print a star's lightcurve from an observation's processing run (JSON, CSV or an AAVSO report)",
  usage:
    "panoptes lightcurve SEQUENCE_ID [--star NAME|RA,DEC] [--run ID] [--format json|csv|aavso] " +
    "[--channel r|g|b] [--obscode CODE] [--offline] [--remote --project ID]",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        star: { type: "string" },
        run: { type: "string" },
        format: { type: "string", default: "json" },
        channel: { type: "string", default: "g" },
        obscode: { type: "string", default: "" },
        offline: { type: "boolean" },
        json: { type: "boolean" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    const [sequenceId, extra] = positionals;
    if (!sequenceId || extra) throw new UsageError("name one observation: panoptes lightcurve SEQUENCE_ID");
    const format = values.json ? "json" : values.format;
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format must be json, csv or aavso, got ${JSON.stringify(format)}`);
    if (!(EXPORT_CHANNELS as readonly string[]).includes(values.channel))
      throw new UsageError(`--channel must be r, g or b, got ${JSON.stringify(values.channel)}`);
    const target = resolveTarget(values, io.env);
    const db = firestoreFor(firebaseApp(target.project));
    try {
      const obs = await db.collection(COLLECTIONS.observations).doc(sequenceId).get();
      if (!obs.exists) throw new LightcurveNotFoundError(`no observation ${sequenceId}`);
      const run = await chooseRun(db, sequenceId, values.run);
      const chosen = await chooseStar(db, run, values.star, values.offline ?? false);
      const full = await db.collection(COLLECTIONS.lightcurves).doc(chosen.id).get();
      const doc = LightcurveDocRead.parse(plainFirestoreValue(full.data()));
      let points: LightcurvePoint[] = doc.points ?? [];
      if (!doc.points && doc.storage_path) {
        const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(doc.storage_path);
        const bucket = m ? m[1]! : (io.env.PROCESSED_BUCKET ?? "panoptes-processed");
        const path = m ? m[2]! : doc.storage_path;
        const store = createObjectStore(new Storage({ projectId: target.project }));
        points = parseStoredPoints(
          (await store.read(bucket, path)).toString("utf8"),
          `gs://${bucket}/${path}`,
        );
      }
      const lc = normaliseLightcurve(chosen.id, doc, points);
      if (format === "csv") io.out(lightcurveCsv(lc).replace(/\r\n$/, ""));
      else if (format === "aavso") {
        const exptime = Number(obs.get("exptime"));
        io.out(
          aavsoExoplanetReport(lc, {
            channel: values.channel as ExportChannel,
            obscode: values.obscode,
            software: "panoptes-network CLI",
            exposureTime: Number.isFinite(exptime) ? exptime : null,
          }).replace(/\n$/, ""),
        );
      } else io.out(JSON.stringify(lightcurveJson(lc), null, 2));
      return 0;
    } catch (err) {
      if (err instanceof LightcurveNotFoundError) {
        io.err(`panoptes lightcurve: ${err.message}`);
        return 1;
      }
      throw err;
    }
  },
};
