// A short live status for the terminal: permanent lines for what happened, and one line that changes in place
// (progress) on a terminal; where the output is not a terminal (CI, a file), the changing line is printed
// when it changes, at most every few seconds (the latest text is printed when the interval is over).

/** Milliseconds between two prints of the changing line when the output is not a terminal. */
const PLAIN_EVERY_MS = 5000;

/** Creates the status writer on `stream` (default stderr). */
export function createStatus(stream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let live = "";
  let lastPlain = "";
  let lastPlainAt = 0;
  let pending = null;
  const fit = (text) => (tty && stream.columns ? text.slice(0, stream.columns - 1) : text);
  const printPlain = (text) => {
    pending = null;
    if (text === lastPlain) return;
    lastPlain = text;
    lastPlainAt = Date.now();
    stream.write(`${text}\n`);
  };
  const showLive = (text) => {
    if (tty) {
      live = text;
      stream.write(`\r\x1b[K${fit(text)}`);
      return;
    }
    const wait = lastPlainAt + PLAIN_EVERY_MS - Date.now();
    if (wait <= 0) return printPlain(text);
    if (pending === null) setTimeout(() => pending !== null && printPlain(pending), wait).unref();
    pending = text;
  };
  return {
    /** Prints a line that stays. */
    line(text) {
      if (!tty && pending !== null) printPlain(pending);
      if (tty && live) stream.write("\r\x1b[K");
      stream.write(`${text}\n`);
      if (tty && live) stream.write(fit(live));
    },
    /** Shows `text` as the changing line (progress). */
    live: showLive,
    /** Ends the changing line, leaving its last text on screen. */
    settle() {
      if (tty && live) stream.write("\n");
      if (!tty && pending !== null) printPlain(pending);
      live = "";
    },
  };
}
