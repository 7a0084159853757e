/** Where a command writes: results on stdout, logs and errors on stderr (so `--json` output stays clean). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** redraws a one-line progress bar on stderr; present only when stderr is a terminal */
  progress?: (line: string) => void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
  env: process.env,
  ...(process.stderr.isTTY ? { progress: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) } : {}),
};

/** A progress bar line: `label [#####.....]  scanned/total`, `width` characters of bar. */
export function progressBar(label: string, done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : width;
  return `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`;
}

/** A command's usage error: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  readonly code = "usage";
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}
