import type uPlot from "uplot";

/** x values: ISO UTC strings → unix seconds, as uPlot's time scale wants. */
export function unixSeconds(times: readonly string[]): number[] {
  return times.map((t) => new Date(t).getTime() / 1000);
}

/** A UTC time label for an x value in unix seconds: `HH:MM` on the axis, full ISO in the legend. */
export function utcAxisLabel(s: number): string {
  return new Date(s * 1000).toISOString().slice(11, 16);
}

/** UTC time axis and legend for uPlot (which would otherwise show the browser's local time). */
export function utcTimeAxis(): Pick<uPlot.Options, "axes"> & { x: uPlot.Series } {
  return {
    x: {
      label: "time (UTC)",
      value: (_u, v) =>
        v === null ? "—" : `${new Date(v * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`,
    },
    axes: [
      { values: (_u, splits) => splits.map(utcAxisLabel), label: "UTC", labelSize: 18, size: 36 },
      { size: 56 },
    ],
  };
}

/** Options of a small single-series plot against UTC time. */
export function smallSeriesOptions(label: string, color: string): Omit<uPlot.Options, "width"> {
  const t = utcTimeAxis();
  return {
    height: 170,
    scales: { x: { time: true } },
    legend: { show: false },
    series: [t.x, { label, stroke: color, width: 1.5, points: { show: true, size: 4 }, spanGaps: true }],
    axes: t.axes!,
  };
}

/** Options of the tracking-drift plot: offsets east and north (arcminutes) of each solved frame against UTC. */
export function driftOptions(): Omit<uPlot.Options, "width"> {
  const t = utcTimeAxis();
  const line = (label: string, stroke: string): uPlot.Series => ({
    label,
    stroke,
    width: 1.5,
    points: { show: true, size: 5 },
    spanGaps: true,
  });
  return {
    height: 200,
    scales: { x: { time: true } },
    legend: { show: true },
    series: [t.x, line("east (′)", "#1d4ed8"), line("north (′)", "#dc2626")],
    axes: [t.axes![0]!, { ...t.axes![1], label: "offset (′)", labelSize: 18 }],
  };
}
