// Quoting for POSIX shells: the one place this repository builds a shell command line from arguments.

/** `arg` as one POSIX shell word: unchanged when it is made of safe characters, otherwise single-quoted. */
export function shellQuote(arg) {
  const s = String(arg);
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** An argv array as one shell command line (for running with `sh -c`, or for display). */
export function shellLine(argv) {
  return argv.map(shellQuote).join(" ");
}
