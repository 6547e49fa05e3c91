/** The dashboard's pure parts: stacking by status, run-time columns, and how figures read. */
import { describe, expect, it } from "vitest";
import { axisSeconds, formatRate, formatSeconds } from "./format";
import { pointsWithData, stackedExecutions, timingColumns } from "./series";
import type { Dashboard, StatusCounts } from "./types";

const none: StatusCounts = { RUNNING: 0, SUCCEEDED: 0, FAILED: 0, TIMED_OUT: 0, ABORTED: 0 };

function bucket(start: string, counts: Partial<StatusCounts>) {
  const byStatus = { ...none, ...counts };
  const started = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { start, started, by_status: byStatus };
}

const data: Dashboard = {
  since: "2026-03-02T00:00:00Z",
  until: "2026-03-02T02:00:00Z",
  bucket_seconds: 3600,
  workflow: null,
  is_empty: false,
  executions: {
    started: 7,
    by_status: { ...none, SUCCEEDED: 4, FAILED: 2, RUNNING: 1 },
    success_rate: 4 / 6,
    series: [
      bucket("2026-03-02T00:00:00Z", { SUCCEEDED: 3, FAILED: 1, RUNNING: 1 }),
      bucket("2026-03-02T01:00:00Z", { SUCCEEDED: 1, FAILED: 1 }),
    ],
  },
  duration: {
    finished: 5,
    p50_seconds: 2,
    p95_seconds: 9,
    series: [
      { start: "2026-03-02T00:00:00Z", finished: 4, p50_seconds: 2, p95_seconds: 9 },
      { start: "2026-03-02T01:00:00Z", finished: 0, p50_seconds: null, p95_seconds: null },
    ],
  },
};

describe("stacked executions", () => {
  it("puts each bar in the middle of its bucket", () => {
    const start = Date.parse("2026-03-02T00:00:00Z") / 1000;
    expect(stackedExecutions(data).x).toEqual([start + 1800, start + 5400]);
  });

  it("draws the top of the stack first, each series as the total up to its status", () => {
    const stacked = stackedExecutions(data);
    expect(stacked.drawn).toEqual(["RUNNING", "ABORTED", "TIMED_OUT", "FAILED", "SUCCEEDED"]);
    expect(stacked.totals[0]).toEqual([5, 2]); // running on top: the whole bar
    expect(stacked.totals[3]).toEqual([4, 2]); // failed sits on succeeded
    expect(stacked.totals[4]).toEqual([3, 1]); // succeeded at the bottom
  });

  it("keeps each status' own count for the legend", () => {
    const stacked = stackedExecutions(data);
    expect(stacked.counts[stacked.drawn.indexOf("FAILED")]).toEqual([1, 1]);
    expect(stacked.counts[stacked.drawn.indexOf("RUNNING")]).toEqual([1, 0]);
  });

  it("counts the buckets that hold an execution", () => {
    expect(pointsWithData(data)).toBe(2);
  });
});

describe("run-time columns", () => {
  it("leaves a gap where nothing ended", () => {
    expect(timingColumns(data).p95).toEqual([9, null]);
  });
});

describe("figures in words", () => {
  it("says durations as a person would, like the server", () => {
    expect([null, 0.42, 4.23, 12.4, 59.6, 192, 7500, 3600, 273605].map(formatSeconds)).toEqual([
      "—",
      "420 ms",
      "4.2 s",
      "12 s",
      "1 min",
      "3 min 12 s",
      "2 h 5 min",
      "1 h",
      "3 d 4 h",
    ]);
  });

  it("says rates as percentages without trailing zeros", () => {
    expect([0.875, 1, 0, 2 / 3, null].map(formatRate)).toEqual([
      "87.5%",
      "100%",
      "0%",
      "66.7%",
      "—",
    ]);
  });

  it("labels a duration axis in one unit chosen by its largest value", () => {
    expect(axisSeconds([0, 0.2, 0.4])).toEqual(["0", "200 ms", "400 ms"]);
    expect(axisSeconds([0, 30, 60, 90])).toEqual(["0", "30 s", "60 s", "90 s"]);
    expect(axisSeconds([0, 300, 600])).toEqual(["0", "5 min", "10 min"]);
  });
});
