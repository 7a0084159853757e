import { open } from "node:fs/promises";
import type { ByteSource } from "./byte-source";

/**
 * A ByteSource reading a local file with positioned reads (one open/close per read, so nothing stays
 * open); `size` is taken once, when the source is made. For the CLI, tests and benchmarks.
 */
export async function fileByteSource(path: string): Promise<ByteSource> {
  const handle = await open(path, "r");
  let size: number;
  try {
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  return {
    size,
    read: async (start, end) => {
      const length = Math.max(0, Math.min(end, size) - start);
      if (length === 0) return new Uint8Array(0);
      const file = await open(path, "r");
      try {
        const buffer = new Uint8Array(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await file.read(buffer, done, length - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === length ? buffer : buffer.subarray(0, done);
      } finally {
        await file.close();
      }
    },
  };
}
