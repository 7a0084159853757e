import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { ByteSource } from "./byte-source";

/**
 * A ByteSource reading a local file: each read opens the file, reads [start, end) and closes it
 * (nothing stays open). Reads are synchronous inside the promise: header reads are a few kB, and
 * synchronous calls cost microseconds where the thread-pool round trips of fs.promises cost far more.
 * `size` is taken once, when the source is made. For the CLI, tests and benchmarks.
 */
export async function fileByteSource(path: string): Promise<ByteSource> {
  const fd = openSync(path, "r");
  let size: number;
  try {
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  return {
    size,
    read: async (start, end) => {
      const length = Math.max(0, Math.min(end, size) - start);
      if (length === 0) return new Uint8Array(0);
      const file = openSync(path, "r");
      try {
        const buffer = new Uint8Array(length);
        let done = 0;
        while (done < length) {
          const bytesRead = readSync(file, buffer, done, length - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === length ? buffer : buffer.subarray(0, done);
      } finally {
        closeSync(file);
      }
    },
  };
}

/** A ByteSource over a file kept open until `close()` (one open for many reads). */
export interface OpenFileByteSource extends ByteSource {
  readonly size: number;
  /** Close the file; later reads throw. */
  close(): void;
}

/**
 * Open a local file once for several reads (e.g. one readHeader call: open, read the header blocks,
 * close). Cheaper than fileByteSource when a header takes several requests. Call close() when done.
 */
export function openFileByteSource(path: string): OpenFileByteSource {
  const fd = openSync(path, "r");
  let open = true;
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return {
    size,
    read: async (start, end) => {
      if (!open) throw new Error(`read of ${path} after close()`);
      const length = Math.max(0, Math.min(end, size) - start);
      const buffer = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const bytesRead = readSync(fd, buffer, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === length ? buffer : buffer.subarray(0, done);
    },
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
