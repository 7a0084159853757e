import { backfill } from "./commands/backfill";
import { cr2 } from "./commands/cr2";
import { exportCommand } from "./commands/export";
import { header } from "./commands/header";
import { solve } from "./commands/solve";
import { processCommand } from "./commands/process";
import { lightcurveCommand } from "./commands/lightcurve";
import { lookup } from "./commands/lookup";
import { migrate } from "./commands/migrate";
import { replay } from "./commands/replay";
import { show } from "./commands/show";
import { preview } from "./commands/preview";
import { upload } from "./commands/upload";
import { type Command, type Io, processIo, UsageError } from "./io";

/** Every command, in the order `--help` lists them. */
export function commands(): Command[] {
  return [
    header,
    cr2,
    preview,
    lookup,
    upload,
    show,
    replay,
    backfill,
    solve,
    processCommand,
    migrate,
    exportCommand,
    lightcurveCommand,
  ];
}

function help(list: Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    "usage: panoptes <command> [options]   (every command has --help; --json prints machine-readable output)",
    "",
    "commands:",
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Google clients point at the local emulators unless a command is given --remote --project ID.",
  ].join("\n");
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const list = commands();
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(help(list));
    return name ? 0 : 2;
  }
  const command = list.find((c) => c.name === name);
  if (!command) {
    io.err(`panoptes: unknown command "${name}"\n\n${help(list)}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: unknown }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      io.err(`panoptes ${name}: ${(err as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    const code = (err as { code?: unknown }).code;
    const unreachable = code === 14 || code === "ECONNREFUSED";
    io.err(
      `panoptes ${name}: ${(err as Error).message.split("\n")[0]}` +
        (unreachable
          ? "\n  (is the local stack up? start it with `npm start`, or pass --remote --project ID)"
          : ""),
    );
    return 1;
  }
}

/** Runs the CLI with its output captured (for tests and scripts): exit code, stdout and stderr text. */
export async function runCaptured(
  argv: string[],
  env: Record<string, string | undefined> = { ...process.env },
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
