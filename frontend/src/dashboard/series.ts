/**
 * The API's buckets as the columns uPlot draws (pure: no DOM). Executions are stacked by
 * status: each drawn series is the running total up to its status, drawn tallest first so the
 * shorter ones cover it, and the legend reads the status' own count from `counts`.
 */
import type { Dashboard, Status } from "./types";

/** Bottom to top of a stacked bar: what ended well first, what is still running on top. */
export const STACK_ORDER: readonly Status[] = [
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "ABORTED",
  "RUNNING",
];

export interface StackedColumns {
  x: number[]; // each bucket's middle, in Unix seconds
  drawn: Status[]; // the series in drawing order: the top of the stack first
  totals: number[][]; // per drawn series: the stack's height up to and including it
  counts: number[][]; // per drawn series: its own count
}

export function bucketMiddles(starts: string[], bucketSeconds: number): number[] {
  return starts.map((start) => Date.parse(start) / 1000 + bucketSeconds / 2);
}

export function stackedExecutions(data: Dashboard): StackedColumns {
  const series = data.executions.series;
  const running = series.map(() => 0);
  const totals: number[][] = [];
  for (const status of STACK_ORDER) {
    series.forEach((bucket, i) => (running[i] += bucket.by_status[status]));
    totals.push([...running]);
  }
  const drawn = [...STACK_ORDER].reverse();
  return {
    x: bucketMiddles(
      series.map((b) => b.start),
      data.bucket_seconds,
    ),
    drawn,
    totals: totals.reverse(),
    counts: drawn.map((status) => series.map((b) => b.by_status[status])),
  };
}

export interface TimingColumns {
  x: number[];
  p50: (number | null)[];
  p95: (number | null)[];
}

export function timingColumns(data: Dashboard): TimingColumns {
  const series = data.duration.series;
  return {
    x: bucketMiddles(
      series.map((b) => b.start),
      data.bucket_seconds,
    ),
    p50: series.map((b) => b.p50_seconds),
    p95: series.map((b) => b.p95_seconds),
  };
}

/** How many buckets hold anything: the charts' data-points hook. */
export function pointsWithData(data: Dashboard): number {
  return data.executions.series.filter((b) => b.started > 0).length;
}
