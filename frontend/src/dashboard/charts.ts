/**
 * The dashboard's two uPlot charts: executions started per bucket, stacked by status, and the
 * p50/p95 run time of those that ended per bucket. Both take the page's theme colours.
 */
import uPlot from "uplot";
import { axisSeconds, formatSeconds } from "./format";
import { stackedExecutions, timingColumns } from "./series";
import type { ChartTheme } from "./theme";
import type { Dashboard } from "./types";

export const CHART_HEIGHT = 220;
const LABELS: Record<string, string> = {
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
  ABORTED: "Aborted",
};

function axes(theme: ChartTheme, y: uPlot.Axis["values"]): uPlot.Axis[] {
  const common = {
    stroke: theme.muted,
    font: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
  };
  return [common, { ...common, values: y, size: labelRoom }];
}

/** Room for the y axis' longest label (12 px text: about 7 px a character), ticks and gap. */
function labelRoom(_u: uPlot, values: string[] | null): number {
  const longest = Math.max(1, ...(values ?? []).map((v) => String(v ?? "").length));
  return 18 + Math.ceil(longest * 7.2);
}

/** The x scale spans whole buckets, so the first and last bars are not cut in half. */
function xScale(data: Dashboard): uPlot.Scale {
  const first = Date.parse(data.executions.series[0]?.start ?? data.since) / 1000;
  const last = first + data.executions.series.length * data.bucket_seconds;
  return { time: true, range: () => [first, last] };
}

export function executionsChart(
  data: Dashboard,
  theme: ChartTheme,
  width: number,
  target: HTMLElement,
): uPlot {
  const columns = stackedExecutions(data);
  const bars = uPlot.paths.bars!({ size: [0.8, 48], align: 0 });
  const series: uPlot.Series[] = [
    {},
    ...columns.drawn.map((status, i) => ({
      label: LABELS[status],
      fill: theme.status[status],
      stroke: theme.status[status],
      width: 0,
      paths: bars,
      points: { show: false },
      value: (_u: uPlot, _v: number | null, _s: number, idx: number | null) =>
        idx === null ? "—" : String(columns.counts[i][idx]),
    })),
  ];
  const options: uPlot.Options = {
    width,
    height: CHART_HEIGHT,
    series,
    scales: { x: xScale(data), y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: axes(theme, (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : ""))),
    cursor: { points: { show: false } },
    legend: { live: true },
  };
  return new uPlot(options, [columns.x, ...columns.totals], target);
}

export function durationChart(
  data: Dashboard,
  theme: ChartTheme,
  width: number,
  target: HTMLElement,
): uPlot {
  const columns = timingColumns(data);
  const line = (label: string, color: string, dash?: number[]): uPlot.Series => ({
    label,
    stroke: color,
    width: 2,
    dash,
    points: { show: true, size: 5, fill: color },
    value: (_u, v) => formatSeconds(v),
  });
  const options: uPlot.Options = {
    width,
    height: CHART_HEIGHT,
    series: [{}, line("p50", theme.p50), line("p95", theme.p95, [6, 4])],
    scales: { x: xScale(data), y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: axes(theme, (_u, splits) => axisSeconds(splits)),
    legend: { live: true },
  };
  return new uPlot(options, [columns.x, columns.p50, columns.p95], target);
}
