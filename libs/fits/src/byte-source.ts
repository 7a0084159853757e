/**
 * Where FITS bytes come from: `read(start, end)` resolves to the bytes [start, end) — fewer when the
 * file ends before `end`, none at or past the end. `size` (bytes), when known, lets readers stop
 * without an extra request. Implementations: bufferByteSource, fileByteSource, or a ranged GET on
 * Cloud Storage in the service.
 */
export interface ByteSource {
  read(start: number, end: number): Promise<Uint8Array>;
  readonly size?: number;
}

/** Requests and bytes that went through a counting source (what the service logs per request). */
export interface ByteCounts {
  requests: number;
  bytes: number;
  /** The [start, end) ranges asked for, in order. */
  ranges: Array<[number, number]>;
}

/** A ByteSource over bytes already in memory. */
export function bufferByteSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (start, end) => bytes.subarray(Math.min(start, bytes.length), Math.min(end, bytes.length)),
  };
}

/** Wrap a ByteSource so that every request and byte fetched is counted in `counts`. */
export function countingByteSource(source: ByteSource): { source: ByteSource; counts: ByteCounts } {
  const counts: ByteCounts = { requests: 0, bytes: 0, ranges: [] };
  const counted: ByteSource = {
    size: source.size,
    read: async (start, end) => {
      const bytes = await source.read(start, end);
      counts.requests += 1;
      counts.bytes += bytes.length;
      counts.ranges.push([start, end]);
      return bytes;
    },
  };
  return { source: counted, counts };
}
