import { AstrometryError, type Frame, readFrame, type SolveResult } from "@panoptes/astrometry";
import { bufferByteSource, FitsError } from "@panoptes/fits";
import { ObjectMessage as ObjectMessageSchema, TOPICS } from "@panoptes/models";
import {
  checkedMessagePath,
  errorInfo,
  errorKind,
  type Logger,
  PermanentError,
  type Publisher,
  recordDeadLetter,
  TransientError,
} from "@panoptes/platform";
import type { Firestore } from "firebase-admin/firestore";
import { createHash } from "node:crypto";
import { decideSolve, recordSolution } from "./image-solution";

export const SERVICE = "solve-image";

export interface Deps {
  db: Firestore;
  publisher: Publisher;
  logger: Logger;
  /** The bytes of one object generation. */
  readObject(bucket: string, path: string, generation: string): Promise<Uint8Array>;
  /** Plate-solves a frame (solveFrame with the service's options). */
  solve(frame: Frame): Promise<SolveResult>;
  now?: () => Date;
}

export type HandlerResult =
  | { status: "solved" | "unsolved"; reason?: string }
  | { status: "skipped"; reason: string }
  | { status: "error"; code: string; deadLetterId: string };

/**
 * Handles one `solve-image` message (the ObjectMessage record-image published for a recorded FITS).
 * Idempotent per generation: a generation already solved (or failed) on the image, or replaced by a newer
 * one, is skipped. A frame that cannot be solved is recorded `solved: false` with the reason (not an
 * error). A corrupt or truncated file is recorded on the image, dead-lettered and acknowledged; transient
 * failures (Firestore, Storage, a missing solve-field) throw so Pub/Sub redelivers.
 */
export async function handleSolveImage(data: unknown, deps: Deps): Promise<HandlerResult> {
  const now = deps.now?.() ?? new Date();
  const parsed = ObjectMessageSchema.safeParse(data);
  if (!parsed.success) {
    const error = {
      code: "invalid-message",
      message: `solve-image message is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    };
    const key = createHash("sha256")
      .update(JSON.stringify(data ?? null))
      .digest("hex");
    const id = await recordDeadLetter(
      deps,
      {
        topic: TOPICS.solveImage,
        message: (typeof data === "object" && data !== null ? data : { value: data }) as Record<
          string,
          unknown
        >,
        service: SERVICE,
        error,
        failed_time: now.toISOString(),
      },
      key,
    );
    deps.logger.error(error.message, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
  const message = parsed.data;
  const log = deps.logger.child({ image_id: message.image_id, generation: message.generation });
  try {
    checkedMessagePath(message, "fits");
    const decision = await decideSolve(deps.db, message.image_id, message.generation);
    if (decision.action === "skip") {
      log.info(`skipped: ${decision.reason}`);
      return { status: "skipped", reason: decision.reason };
    }
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
      imageId: message.image_id,
      generation: message.generation,
      result,
      now,
    });
    log.info(result.solved ? "solved" : `not solved: ${result.reason}`, {
      outcome,
      solved: result.solved,
      ra: result.ra,
      dec: result.dec,
      stars_detected: result.stars_detected,
      index: result.index,
      seconds: result.seconds,
    });
    if (outcome !== "recorded") return { status: "skipped", reason: outcome };
    return result.solved ? { status: "solved" } : { status: "unsolved", reason: result.reason };
  } catch (err) {
    if (errorKind(err) === "transient") {
      log.warn(`transient failure, Pub/Sub will redeliver: ${(err as Error).message}`, {
        error: errorInfo(err),
      });
      throw err;
    }
    const error = errorInfo(err);
    await recordSolution(deps.db, {
      imageId: message.image_id,
      generation: message.generation,
      result: unreadable(error.message),
      error: { ...error, service: SERVICE },
      now,
    }).catch((e: unknown) => log.warn(`could not record the failure on the image: ${(e as Error).message}`));
    const id = await recordDeadLetter(
      deps,
      {
        topic: TOPICS.solveImage,
        message: message as unknown as Record<string, unknown>,
        service: SERVICE,
        error,
        failed_time: now.toISOString(),
      },
      `${message.bucket}/${message.bucket_path}#${message.generation}`,
    );
    log.error(`permanent failure: ${error.message}`, { code: error.code, dead_letter_id: id });
    return { status: "error", code: error.code, deadLetterId: id };
  }
}

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
