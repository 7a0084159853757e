import { AstrometryError, type Frame, readFrame, type SolveResult } from "@panoptes/astrometry";
import { bufferByteSource, FitsError } from "@panoptes/fits";
import {
  type ObjectMessage,
  ObjectMessage as ObjectMessageSchema,
  parseObjectPath,
  TOPICS,
} from "@panoptes/models";
import {
  handleObjectMessage,
  type MessageDeps,
  type ObjectMessageService,
  PermanentError,
  TransientError,
} from "@panoptes/platform";
import { decideSolve, recordSolution } from "./image-solution";

export const SERVICE = "solve-image";

export interface Deps extends MessageDeps {
  /** The bytes of one object generation. */
  readObject(bucket: string, path: string, generation: string): Promise<Uint8Array>;
  /** Plate-solves a frame (solveFrame with the service's options). */
  solve(frame: Frame): Promise<SolveResult>;
}

/** What a delivery came to (a permanent failure is the skeleton's MessageFailure). */
export type SolveOutcome =
  { status: "solved" | "unsolved"; reason?: string } | { status: "skipped"; reason: string };

/**
 * solve-image on the one Pub/Sub skeleton (libs/platform `processObjectMessage`): the ObjectMessage record-image
 * published for a recorded FITS. Idempotent per generation: a generation already solved (or failed) on the
 * image, or replaced by a newer one, is skipped. A frame that cannot be solved is recorded `solved: false` with
 * the reason (not an error). A corrupt or truncated file is recorded on the image (`markError`), dead-lettered
 * and acknowledged by the skeleton; transient failures (Firestore, Storage, a missing solve-field) throw so
 * Pub/Sub redelivers.
 */
export const solveImageService: ObjectMessageService<ObjectMessage, SolveOutcome, Deps> = {
  service: SERVICE,
  topic: TOPICS.solveImage,
  schema: ObjectMessageSchema,
  kind: "fits",
  async work({ message, deps, now }) {
    const decision = await decideSolve(deps.db, message.image_id, message.generation);
    if (decision.action === "skip")
      return { result: { status: "skipped", reason: decision.reason }, log: `skipped: ${decision.reason}` };
    if (decision.action === "wait") throw new TransientError("not-recorded-yet", decision.reason);
    let frame: Frame;
    try {
      frame = await readFrame(
        bufferByteSource(await deps.readObject(message.bucket, message.bucket_path, message.generation)),
      );
    } catch (err) {
      if (err instanceof FitsError || (err instanceof AstrometryError && err.code === "NOT_AN_IMAGE"))
        throw new PermanentError(`fits-${err.code.toLowerCase().replaceAll("_", "-")}`, err.message, {
          cause: err,
        });
      throw err;
    }
    let result: SolveResult;
    try {
      result = await deps.solve(frame);
    } catch (err) {
      // A missing or crashing solve-field is the deployment's fault, not the frame's: redeliver.
      if (err instanceof AstrometryError)
        throw new TransientError(err.code.toLowerCase(), err.message, { cause: err });
      throw err;
    }
    const outcome = await recordSolution(deps.db, {
      path: parseObjectPath(message.bucket_path),
      generation: message.generation,
      result,
      now,
    });
    const fields = {
      outcome,
      solved: result.solved,
      ra: result.ra,
      dec: result.dec,
      stars_detected: result.stars_detected,
      index: result.index,
      seconds: result.seconds,
    };
    const line = result.solved ? "solved" : `not solved: ${result.reason}`;
    if (outcome !== "recorded") return { result: { status: "skipped", reason: outcome }, log: line, fields };
    return {
      result: result.solved ? { status: "solved" } : { status: "unsolved", reason: result.reason },
      log: line,
      fields,
    };
  },
  markError: (deps, { message, error }) =>
    recordSolution(deps.db, {
      path: parseObjectPath(message.bucket_path),
      generation: message.generation,
      result: unreadable(error.message),
      error,
      now: deps.now?.() ?? new Date(),
    }),
};

/** A decoded `solve-image` message body in, acknowledged when it resolves, redelivered when it rejects. */
export const handleSolveImage = handleObjectMessage(solveImageService);

function unreadable(message: string): SolveResult {
  return {
    solved: false,
    reason: `the file could not be read: ${message}`,
    ra: null,
    dec: null,
    pixel_scale: null,
    rotation: null,
    stars_detected: 0,
    index: null,
    seconds: 0,
    wcs: null,
  };
}
