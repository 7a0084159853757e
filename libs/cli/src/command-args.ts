import { parseArgs, type ParseArgsConfig } from "node:util";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/**
 * A command's arguments (node:util parseArgs, strict: an unknown flag is a usage error): its own `options` plus
 * the `--out` and `--json` flags the file-writing commands share, positionals allowed.
 */
export function outputCommandArgs<T extends OptionsConfig>(args: string[], options: T) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...options, out: { type: "string" as const }, json: { type: "boolean" as const } },
  });
}
