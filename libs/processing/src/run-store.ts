import {
  COLLECTIONS,
  ObservationDocRead,
  ProcessedObservationDocRead,
  type ProcessingTrigger,
  TOPICS,
} from "@panoptes/models";
import { type Publisher, readDoc } from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";

/** The version written on runs (the processing library's). */
export const PROCESSING_SOFTWARE_VERSION = "panoptes-processing 0.1.0";

/** Raised when a run is asked for an observation that does not exist (HTTP 404, CLI exit 1). */
export class ObservationNotFoundError extends Error {
  readonly code = "observation-not-found";
  constructor(readonly sequenceId: string) {
    super(`no observation ${sequenceId}`);
    this.name = "ObservationNotFoundError";
  }
}

/**
 * Queues a processing run: in one transaction a new `processed_observations` document (auto id, status `queued`,
 * the trigger, who asked, the parameters and the observation's num_images) and the observation's status
 * `processing`; then publishes `process-observation` `{sequence_id, processed_observation_id}`. The one function
 * every trigger uses (schedule, HTTP, CLI, demo). A publish that fails leaves the run queued; the schedule
 * republishes queued runs that never started. Throws ObservationNotFoundError for an unknown observation. With
 * `onlyIf`, nothing is queued (the id is "") when the observation has changed from that state.
 */
export async function queueProcessingRun(
  db: Firestore,
  publisher: Publisher,
  request: {
    sequence_id: string;
    trigger: ProcessingTrigger;
    requested_by: string | null;
    parameters?: Record<string, unknown>;
    now?: Date;
    /** queue only while the observation is still in this state (the schedule's guard against two ticks) */
    onlyIf?: { status: string; num_images: number };
  },
): Promise<{ processed_observation_id: string }> {
  const now = request.now ?? new Date();
  const observationRef = db.collection(COLLECTIONS.observations).doc(request.sequence_id);
  const runRef = db.collection(COLLECTIONS.processedObservations).doc();
  const queued = await db.runTransaction(async (tx) => {
    const observation = readDoc(ObservationDocRead, await tx.get(observationRef));
    if (!observation) throw new ObservationNotFoundError(request.sequence_id);
    if (
      request.onlyIf &&
      (observation.status !== request.onlyIf.status ||
        (observation.num_images ?? 0) !== request.onlyIf.num_images)
    )
      return false;
    tx.create(runRef, queuedRun(request, observation, now));
    tx.update(observationRef, { status: "processing" });
    return true;
  });
  if (!queued) return { processed_observation_id: "" };
  await publishRun(publisher, request.sequence_id, runRef.id);
  return { processed_observation_id: runRef.id };
}

function queuedRun(
  request: {
    sequence_id: string;
    trigger: ProcessingTrigger;
    requested_by: string | null;
    parameters?: Record<string, unknown>;
  },
  observation: ObservationDocRead,
  now: Date,
) {
  return {
    sequence_id: request.sequence_id,
    unit_id: observation.unit_id ?? null,
    camera_id: observation.camera_id ?? null,
    created_time: now,
    updated_time: now,
    software_version: PROCESSING_SOFTWARE_VERSION,
    parameters: request.parameters ?? {},
    status: "queued",
    summary: {},
    trigger: request.trigger,
    requested_by: request.requested_by,
    reason: null,
    started_time: null,
    finished_time: null,
    seconds: null,
    num_images: observation.num_images ?? 0,
  };
}

/** Publishes the message that starts run `runId` of `sequenceId`. */
export function publishRun(publisher: Publisher, sequenceId: string, runId: string): Promise<string> {
  return publisher.publishJson(
    TOPICS.processObservation,
    { sequence_id: sequenceId, processed_observation_id: runId },
    { sequence_id: sequenceId, processed_observation_id: runId },
  );
}

/** What a delivery of a run's message may do. */
export type ClaimOutcome =
  | { action: "run"; parameters: Record<string, unknown> }
  | { action: "skip"; reason: "running" | "done" | "failed" | "not-found" | "other-observation" };

/**
 * Claims run `runId` for this delivery (one transaction): `queued` → `running` (started_time, updated_time),
 * and a `running` run whose updated_time is older than `staleMs` (its worker died) is taken over. A run that
 * is running (fresh), done or failed, or does not exist, is not run again: a redelivery does nothing. A run
 * claimed `maxAttempts` times (default 5) without finishing is recorded `failed` instead.
 */
export async function claimRun(
  db: Firestore,
  message: { sequence_id: string; processed_observation_id: string },
  options: { now: Date; staleMs: number; maxAttempts?: number },
): Promise<ClaimOutcome> {
  const ref = db.collection(COLLECTIONS.processedObservations).doc(message.processed_observation_id);
  return db.runTransaction(async (tx) => {
    const run = readDoc(ProcessedObservationDocRead, await tx.get(ref));
    if (!run) return { action: "skip", reason: "not-found" };
    if (run.sequence_id !== message.sequence_id) return { action: "skip", reason: "other-observation" };
    const updated = run.updated_time instanceof Date ? run.updated_time.getTime() : 0;
    if (run.status === "done" || run.status === "failed") return { action: "skip", reason: run.status };
    if (run.status === "running" && options.now.getTime() - updated < options.staleMs)
      return { action: "skip", reason: "running" };
    const attempts = (run.attempts ?? 0) + 1;
    if (attempts > (options.maxAttempts ?? 5)) {
      // Started and abandoned (crashes, timeouts) too often: fail it rather than retry forever.
      tx.update(ref, {
        status: "failed",
        reason: `gave up after ${attempts - 1} attempts that did not finish`,
        finished_time: options.now,
        updated_time: options.now,
      });
      return { action: "skip", reason: "failed" };
    }
    tx.update(ref, { status: "running", attempts, started_time: options.now, updated_time: options.now });
    return { action: "run", parameters: run.parameters ?? {} };
  });
}

/** Records progress on a running run (also its heartbeat: see claimRun's `staleMs`). */
export async function recordProgress(
  db: Firestore,
  runId: string,
  done: number,
  total: number,
  now: Date,
): Promise<void> {
  await db
    .collection(COLLECTIONS.processedObservations)
    .doc(runId)
    .update({ frames_done: done, frames_total: total, updated_time: now });
}

/**
 * Ends a run (one transaction): the run `done` with `fields`, or `failed` with `reason`; the observation
 * `processed` or `error` if it is still `processing` (a new image meanwhile has set it back to
 * `receiving_files`, which stays).
 */
export async function finishRun(
  db: Firestore,
  run: { sequence_id: string; processed_observation_id: string },
  outcome:
    | { status: "done"; fields: Record<string, unknown> }
    | { status: "failed"; reason: string; fields?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const runRef = db.collection(COLLECTIONS.processedObservations).doc(run.processed_observation_id);
  const observationRef = db.collection(COLLECTIONS.observations).doc(run.sequence_id);
  await db.runTransaction(async (tx) => {
    const observation = readDoc(ObservationDocRead, await tx.get(observationRef));
    tx.update(runRef, {
      ...outcome.fields,
      status: outcome.status,
      reason: outcome.status === "failed" ? outcome.reason : null,
      finished_time: now,
      updated_time: now,
    });
    if (observation?.status === "processing")
      tx.update(observationRef, { status: outcome.status === "done" ? "processed" : "error" });
  });
}
