import { COLLECTIONS, plainFirestoreValue } from "@panoptes/models";
import type { Firestore } from "firebase-admin/firestore";

/** Raised when a run has not finished within the time allowed. */
export class RunWaitTimeoutError extends Error {
  readonly code = "run-wait-timeout";
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(`run ${runId} is still ${status}`);
    this.name = "RunWaitTimeoutError";
  }
}

/**
 * Polls run `runId` every `intervalMs` (default 1000) until it is `done` or `failed`; resolves with the document
 * (plain JSON values: times as ISO strings) and its id. `onProgress` hears the status and frames measured on each
 * poll. Throws RunWaitTimeoutError after `timeoutMs`.
 */
export async function waitForRun(
  db: Firestore,
  runId: string,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    onProgress?: (p: { status: string; frames_done: number | null; frames_total: number | null }) => void;
  },
): Promise<Record<string, unknown> & { id: string; status: string }> {
  const deadline = Date.now() + options.timeoutMs;
  let status = "missing";
  for (;;) {
    const snap = await db.collection(COLLECTIONS.processedObservations).doc(runId).get();
    const data = snap.data();
    status = typeof data?.status === "string" ? data.status : "missing";
    options.onProgress?.({
      status,
      frames_done: typeof data?.frames_done === "number" ? data.frames_done : null,
      frames_total: typeof data?.frames_total === "number" ? data.frames_total : null,
    });
    if (data && (status === "done" || status === "failed"))
      return { id: runId, ...(plainFirestoreValue(data) as Record<string, unknown>), status };
    if (Date.now() >= deadline) throw new RunWaitTimeoutError(runId, status);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 1000));
  }
}
