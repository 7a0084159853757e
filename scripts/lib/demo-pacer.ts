// Pacing and progress of the demo load, apart from its I/O (scripts/dev/demo.ts): which images are uploaded and
// recorded, whether another upload may start, and, when nothing has moved for a while, which step is stuck.

import { isRecordedImage } from "@panoptes/models";

/** How far an image got: its upload, then its image document as record-image left it. */
interface ImageState {
  uploadStartedAt?: number;
  /** object generation of the finished upload */
  generation?: string;
  /** when the upload finished (unset while it is uploaded again) */
  finishedAt?: number;
  /** times this image was uploaded again because its storage event never arrived */
  reuploads?: number;
  doc?: { status: string; generation: string | null; error: string | null };
  reported?: boolean;
}

export interface PacerOptions {
  /** image ids in upload order */
  ids: readonly string[];
  /** images uploaded but not yet recorded (or failed) at most at once */
  inFlight: number;
  /** milliseconds without progress after which the load counts as stuck */
  stallMs: number;
  /**
   * milliseconds after its upload finished that an image without any image document may count as dropped (the
   * Storage emulator drops a finalize event when the Functions emulator's worker request fails; see `dropped`)
   * and nothing progressed for as long;
   * default a third of `stallMs`
   */
  droppedMs?: number;
}

export interface Progress {
  total: number;
  uploaded: number;
  recorded: number;
  errors: number;
}

export interface Stall {
  /** the step that made no progress, e.g. "upload" or "recording" */
  step: "upload" | "recording";
  message: string;
}

/** Tracks the demo load; every method takes the time (ms) so it can be tested without clocks. */
export class DemoPacer {
  private readonly images = new Map<string, ImageState>();
  private lastProgressAt: number;

  constructor(
    private readonly options: PacerOptions,
    now: number,
  ) {
    for (const id of options.ids) this.images.set(id, {});
    this.lastProgressAt = now;
  }

  private state(id: string): ImageState {
    const s = this.images.get(id);
    if (!s) throw new Error(`not a demo image: ${id}`);
    return s;
  }

  private isDone(s: ImageState): boolean {
    if (s.generation === undefined || !s.doc) return false;
    if (s.doc.status === "error") return true;
    return isRecordedImage(s.doc.status) && s.doc.generation === s.generation;
  }

  uploadStarted(id: string, now: number): void {
    this.state(id).uploadStartedAt = now;
  }

  uploadFinished(id: string, generation: string, now: number): void {
    const s = this.state(id);
    s.generation = generation;
    s.finishedAt = now;
    this.lastProgressAt = now;
  }

  /**
   * Uploaded images whose storage event evidently never arrived, to upload again (a new generation, so a new
   * event): nothing progressed for `droppedMs` and they have no image document `droppedMs` after their upload
   * finished. Production Cloud Storage does not drop events; the Storage emulator does when the Functions
   * emulator's request to a worker fails ("Firebase Storage function was not triggered due to emulation error"),
   * and the image would then hold its place in flight until the load counts as stuck. Only when nothing moves: an
   * image without a document may just be waiting for record-image (its Pub/Sub delivery can take half a minute on
   * a busy machine), and uploading it again would only add work. An image is handed out at most twice; the caller
   * calls `uploadFinished` again with the new generation.
   */
  dropped(now: number): string[] {
    const droppedMs = this.options.droppedMs ?? this.options.stallMs / 3;
    if (now - this.lastProgressAt < droppedMs) return [];
    const out: string[] = [];
    for (const [id, s] of this.images) {
      if (s.doc || s.finishedAt === undefined || now - s.finishedAt < droppedMs || (s.reuploads ?? 0) >= 2)
        continue;
      s.reuploads = (s.reuploads ?? 0) + 1;
      s.finishedAt = undefined;
      out.push(id);
    }
    return out;
  }

  /** Records what an image document says; returns true when this completed the image. */
  observe(id: string, doc: ImageState["doc"], now: number): boolean {
    const s = this.images.get(id);
    if (!s || !doc) return false;
    const before = this.isDone(s);
    s.doc = doc;
    const after = this.isDone(s);
    if (after && !before) this.lastProgressAt = now;
    return after && !before;
  }

  /** Images that ended in `error` not yet handed out by this method, with their reasons. */
  newErrors(): { id: string; error: string }[] {
    const out: { id: string; error: string }[] = [];
    for (const [id, s] of this.images) {
      if (s.doc?.status === "error" && s.generation !== undefined && !s.reported) {
        s.reported = true;
        out.push({ id, error: s.doc.error ?? "(no reason recorded)" });
      }
    }
    return out;
  }

  /** Counts over every image, or over `ids` only (e.g. the demo network apart from the transit observation). */
  progress(ids?: Iterable<string>): Progress {
    let uploaded = 0;
    let recorded = 0;
    let errors = 0;
    const states = ids ? [...ids].map((id) => this.state(id)) : [...this.images.values()];
    for (const s of states) {
      if (s.generation !== undefined) uploaded++;
      if (!this.isDone(s)) continue;
      if (s.doc?.status === "error") errors++;
      else recorded++;
    }
    return { total: states.length, uploaded, recorded, errors };
  }

  /** True when fewer than `inFlight` images are uploading or waiting to be recorded. */
  canUpload(): boolean {
    let busy = 0;
    for (const s of this.images.values()) if (s.uploadStartedAt !== undefined && !this.isDone(s)) busy++;
    return busy < this.options.inFlight;
  }

  /** True when every image (or every one of `ids`) is recorded or failed. */
  finished(ids?: Iterable<string>): boolean {
    const p = this.progress(ids);
    return p.recorded + p.errors === p.total;
  }

  /** The stuck step when nothing progressed for `stallMs`, otherwise null. */
  stalled(now: number): Stall | null {
    const idle = now - this.lastProgressAt;
    if (idle < this.options.stallMs || this.finished()) return null;
    const seconds = Math.round(idle / 1000);
    const uploading = [...this.images].filter(
      ([, s]) => s.uploadStartedAt !== undefined && s.generation === undefined,
    );
    if (uploading.length > 0) {
      return {
        step: "upload",
        message: `uploading to the Storage emulator: no answer for ${seconds} s (${uploading.map(([id]) => id).join(", ")})`,
      };
    }
    const waiting = [...this.images].filter(([, s]) => s.generation !== undefined && !this.isDone(s));
    const unseen = waiting.filter(([, s]) => !s.doc).length;
    return {
      step: "recording",
      message:
        `recording: ${waiting.length} uploaded image(s) not recorded and no progress for ${seconds} s ` +
        `(${unseen} without any image document, so raw-file-uploaded or record-image has not run for them; ` +
        `first: ${waiting[0]?.[0] ?? "none"})`,
    };
  }
}
