/**
 * Keeps a local service (scripts/dev/*-local.ts) running until it is told to stop or its parent is gone:
 * SIGTERM, SIGINT, SIGHUP, or the end of stdin (npm start keeps a pipe open to it, which the kernel closes when
 * npm start dies, even by SIGKILL). `close` gets `graceSeconds` (its Pub/Sub cleanup may find the emulator
 * already stopped); then the process exits anyway.
 */
export function runUntilStopped(close: () => Promise<unknown>, graceSeconds = 3): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), graceSeconds * 1000).unref();
    void close()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, stop);
  process.stdin.on("end", stop);
  process.stdin.on("error", stop);
  process.stdin.resume();
}
