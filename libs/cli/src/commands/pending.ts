import type { Command } from "../io";

/** A command whose capability lands with a later issue: it says so instead of pretending. */
export function pending(name: string, summary: string, usage: string, issue: string): Command {
  return {
    name,
    summary,
    usage,
    async run(_args, io) {
      io.err(`panoptes ${name} is not available yet: it arrives with ${issue}`);
      return 3;
    },
  };
}
