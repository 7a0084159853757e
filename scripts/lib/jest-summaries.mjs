// The sum of several jest runs' summaries (scripts/jest/summary-reporter.mjs writes one per run): `npm test`
// runs the unit and the emulator projects side by side and judges their skips together.

/** One summary of the same shape as the reporter's, adding counts and skip reasons, keeping the slowest files. */
export function mergeSummaries(summaries) {
  const sum = (key) => summaries.reduce((n, s) => n + (s[key] ?? 0), 0);
  const reasons = {};
  for (const s of summaries)
    for (const [reason, n] of Object.entries(s.skipReasons ?? {}))
      reasons[reason] = (reasons[reason] ?? 0) + n;
  const shared = summaries.map((s) => s.shared).filter(Boolean);
  return {
    passed: sum("passed"),
    failed: sum("failed"),
    skipped: sum("skipped"),
    suites: sum("suites"),
    shared: shared.length
      ? {
          dir: shared[0].dir,
          present: shared.some((s) => s.present),
          ran: shared.reduce((n, s) => n + s.ran, 0),
          skipped: shared.reduce((n, s) => n + s.skipped, 0),
        }
      : undefined,
    skipReasons: reasons,
    unexplainedSkips: summaries.flatMap((s) => s.unexplainedSkips ?? []),
    slowestFiles: summaries
      .flatMap((s) => s.slowestFiles ?? [])
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 10),
  };
}
