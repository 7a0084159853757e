// The demo's last step: once solve-image has handled every recorded frame, each observation with plate-solved
// frames gets a processing run (queueProcessingRun, the same call the schedule, the explorer and the CLI make),
// and the demo waits for it, so the explorer shows the pipeline's own lightcurves.
import { COLLECTIONS } from "@panoptes/models";
import type { Publisher } from "@panoptes/platform";
import { queueProcessingRun, waitForRun } from "@panoptes/processing";
import type { Firestore } from "firebase-admin/firestore";

/** What the step reports (JSON lines for npm start's status line). */
export type ProcessingEvent =
  | { event: "solving"; solved: number; total: number }
  | {
      event: "processing";
      sequence_id: string;
      run: string;
      status: string;
      frames_done: number;
      frames_total: number;
    }
  | {
      event: "processed";
      sequence_id: string;
      run: string;
      status: string;
      reason: string | null;
      lightcurves: number;
    };

/**
 * Waits (up to `solveTimeoutMs`) until every recorded FITS image has been through solve-image, then queues and
 * waits for a run of each observation with solved frames (up to `runTimeoutMs` each). Resolves with the runs;
 * throws when solving or a run does not finish in time.
 */
export async function processDemoObservations(
  db: Firestore,
  publisher: Publisher,
  options: { solveTimeoutMs: number; runTimeoutMs: number; emit: (e: ProcessingEvent) => void },
): Promise<Array<{ sequence_id: string; run: string; status: string }>> {
  const deadline = Date.now() + options.solveTimeoutMs;
  let solvedSequences = new Set<string>();
  for (;;) {
    const snap = await db.collection(COLLECTIONS.images).get();
    const fits = snap.docs
      .map((d) => d.data())
      .filter((d) => typeof d.bucket_path === "string" && /\.fits(\.fz)?$/.test(d.bucket_path));
    const handled = fits.filter((d) => d.solve_generation || d.status === "error");
    solvedSequences = new Set(
      fits.filter((d) => d.solved === true && d.wcs).map((d) => String(d.sequence_id)),
    );
    options.emit({ event: "solving", solved: handled.length, total: fits.length });
    if (handled.length === fits.length) break;
    if (Date.now() > deadline)
      throw new Error(
        `solve-image handled ${handled.length} of ${fits.length} frames in ${options.solveTimeoutMs / 1000} s`,
      );
    await new Promise((r) => setTimeout(r, 2000));
  }
  const runs: Array<{ sequence_id: string; run: string; status: string }> = [];
  for (const sequence_id of [...solvedSequences].sort()) {
    const { processed_observation_id: run } = await queueProcessingRun(db, publisher, {
      sequence_id,
      trigger: "request",
      requested_by: "demo",
    });
    const done = await waitForRun(db, run, {
      timeoutMs: options.runTimeoutMs,
      onProgress: (p) =>
        options.emit({
          event: "processing",
          sequence_id,
          run,
          status: p.status,
          frames_done: p.frames_done ?? 0,
          frames_total: p.frames_total ?? 0,
        }),
    });
    options.emit({
      event: "processed",
      sequence_id,
      run,
      status: done.status,
      reason: typeof done.reason === "string" ? done.reason : null,
      lightcurves: typeof done.num_lightcurves === "number" ? done.num_lightcurves : 0,
    });
    runs.push({ sequence_id, run, status: done.status });
  }
  return runs;
}
