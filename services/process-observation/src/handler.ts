import type { CatalogIndex } from "@panoptes/lookup";
import { COLLECTIONS, ProcessObservationMessage, TOPICS } from "@panoptes/models";
import type { FieldStar } from "@panoptes/photometry";
import {
  errorInfo,
  errorKind,
  type MessageDeps,
  type MessageFailure,
  type ObjectStore,
  recordDeadLetter,
} from "@panoptes/platform";
import {
  claimRun,
  finishRun,
  processRun,
  recordProgress,
  runParameters,
  writeRunOutputs,
} from "@panoptes/processing";
import { createHash } from "node:crypto";
import { observationFrames } from "./run-sources";

export const SERVICE = "process-observation";

export interface Deps extends MessageDeps {
  store: ObjectStore;
  rawBucket: string;
  processedBucket: string;
  maxImageBytes: number;
  maxMag: number;
  staleMs: number;
  /** the field's catalogue (fieldCatalogue over the Tycho-2 index files) */
  catalogue(region: { ra: number; dec: number; radius: number; maxMag: number }): Promise<FieldStar[]>;
  /** the offline catalogue that resolves field names (null: targets by position only) */
  lookup(): Promise<CatalogIndex | null>;
}

/** What a delivery came to. */
export type ProcessOutcome =
  | { status: "done"; lightcurves: number }
  | { status: "failed"; reason: string }
  | { status: "skipped"; reason: string };

/** Request parameters a run accepts (anything else in `parameters` is kept on the document but not used). */
function overrides(parameters: Record<string, unknown>) {
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const photometry = Object.fromEntries(
    ["apertureRadius", "annulusInner", "annulusOuter", "bias", "saturation", "gain", "readNoise"]
      .map((k) => [k, num(parameters[k])])
      .filter(([, v]) => v !== undefined),
  );
  return {
    photometry,
    ...(num(parameters.maxMag) !== undefined ? { maxMag: num(parameters.maxMag)! } : {}),
    ...(num(parameters.binMinutes) !== undefined ? { binMinutes: num(parameters.binMinutes)! } : {}),
  };
}

/**
 * A decoded `process-observation` message in; resolves to acknowledge, rejects to redeliver.
 * - a malformed body: dead letter, acknowledged;
 * - a run that is running (not stale), done, failed or unknown: nothing (a redelivery);
 * - otherwise the run is claimed (`running`), processed and recorded `done` (lightcurves, tables, precision),
 *   or `failed` with the reason when it cannot succeed (no solved frame, nothing readable or measurable), and
 *   acknowledged; the observation becomes `processed` or `error`;
 * - a transient failure (Firestore, Storage) puts the run back to `queued` and rethrows (Pub/Sub redelivers).
 */
export async function handleProcessObservation(
  data: unknown,
  deps: Deps,
): Promise<ProcessOutcome | MessageFailure> {
  const now = () => deps.now?.() ?? new Date();
  const parsed = ProcessObservationMessage.safeParse(data);
  if (!parsed.success) {
    const error = {
      code: "invalid-message",
      message: `${SERVICE} message is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    };
    const body =
      typeof data === "object" && data !== null ? (data as Record<string, unknown>) : { value: data };
    const key = createHash("sha256")
      .update(JSON.stringify(data ?? null))
      .digest("hex");
    const id = await recordDeadLetter(
      deps,
      {
        topic: TOPICS.processObservation,
        message: body,
        service: SERVICE,
        error,
        failed_time: now().toISOString(),
      },
      key,
    );
    deps.logger.error(error.message, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
  const message = parsed.data;
  const log = deps.logger.child({
    sequence_id: message.sequence_id,
    run_id: message.processed_observation_id,
  });
  const claim = await claimRun(deps.db, message, { now: now(), staleMs: deps.staleMs });
  if (claim.action === "skip") {
    log.info(`skipped: the run is ${claim.reason}`);
    return { status: "skipped", reason: claim.reason };
  }
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  try {
    const params = runParameters({ maxMag: deps.maxMag, ...overrides(claim.parameters) });
    const frames = await observationFrames(
      { db: deps.db, store: deps.store, rawBucket: deps.rawBucket, maxBytes: deps.maxImageBytes },
      message.sequence_id,
    );
    const result = await processRun(
      {
        ...frames,
        catalogue: deps.catalogue,
        lookup: await deps.lookup(),
        progress: (done, total) =>
          done === total || done % 5 === 0
            ? recordProgress(deps.db, message.processed_observation_id, done, total, now())
            : undefined,
      },
      params,
    );
    const fields = await writeRunOutputs(
      { db: deps.db, store: deps.store, bucket: deps.processedBucket },
      message,
      result,
      params,
      now(),
    );
    await finishRun(deps.db, message, { status: "done", fields: { ...fields, seconds: seconds() } }, now());
    log.info("processed", {
      lightcurves: result.series.lightcurves.length,
      frames_used: result.frames_used.length,
      frames_dropped: result.frames_dropped.length,
      seconds: seconds(),
      seconds_per_frame: result.measure_seconds / Math.max(1, frames.frames.length),
    });
    return { status: "done", lightcurves: result.series.lightcurves.length };
  } catch (err) {
    if (errorKind(err) === "transient") {
      log.warn(`transient failure, Pub/Sub will retry: ${(err as Error).message}`, { error: errorInfo(err) });
      await deps.db
        .collection(COLLECTIONS.processedObservations)
        .doc(message.processed_observation_id)
        .update({ status: "queued", updated_time: now() })
        .catch(() => undefined);
      throw err;
    }
    const { code, message: reason } = errorInfo(err);
    await finishRun(
      deps.db,
      message,
      { status: "failed", reason, fields: { seconds: seconds(), summary: { error: code } } },
      now(),
    );
    log.error(`run failed: ${reason}`, { code });
    return { status: "failed", reason };
  }
}
