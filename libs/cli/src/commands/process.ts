import { PubSub } from "@google-cloud/pubsub";
import { createPublisher, firebaseApp, firestoreFor } from "@panoptes/platform";
import { ObservationNotFoundError, queueProcessingRun, waitForRun } from "@panoptes/processing";
import { parseArgs } from "node:util";
import { type Command, progressBar, UsageError } from "../io";
import { resolveTarget } from "../target";

export const processCommand: Command = {
  name: "process",
  summary:
    "queue a processing run of an observation (lightcurves of every star); --wait follows it to the end",
  usage: "panoptes process SEQUENCE_ID [--wait] [--json] [--timeout SECONDS] [--remote --project ID]",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        wait: { type: "boolean" },
        json: { type: "boolean" },
        timeout: { type: "string", default: "1800" },
        remote: { type: "boolean" },
        project: { type: "string" },
      },
    });
    const [sequenceId] = positionals;
    if (!sequenceId) throw new UsageError("name the observation: panoptes process SEQUENCE_ID");
    const timeout = Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
      throw new UsageError(`--timeout must be a positive number of seconds, got ${values.timeout}`);
    const target = resolveTarget(values, io.env);
    const db = firestoreFor(firebaseApp(target.project));
    const publisher = createPublisher(new PubSub({ projectId: target.project }));
    let runId: string;
    try {
      ({ processed_observation_id: runId } = await queueProcessingRun(db, publisher, {
        sequence_id: sequenceId,
        trigger: "cli",
        requested_by: `cli:${io.env.USER ?? "unknown"}`,
      }));
    } catch (err) {
      if (err instanceof ObservationNotFoundError) {
        io.err(err.message);
        return 1;
      }
      throw err;
    }
    if (!values.wait) {
      io.out(
        values.json
          ? JSON.stringify({ processed_observation_id: runId, status: "queued" })
          : `queued run ${runId}`,
      );
      return 0;
    }
    const run = await waitForRun(db, runId, {
      timeoutMs: timeout * 1000,
      onProgress: (p) =>
        io.progress?.(progressBar(`run ${runId} ${p.status}`, p.frames_done ?? 0, p.frames_total ?? 0)),
    });
    io.progress?.("");
    if (values.json) io.out(JSON.stringify(run, null, 2));
    else if (run.status === "done")
      io.out(
        `run ${runId} done: ${String(run.num_lightcurves)} lightcurves, ${String(run.stars_measured)} stars measured`,
      );
    else io.out(`run ${runId} failed: ${String(run.reason)}`);
    return run.status === "done" ? 0 : 1;
  },
};
