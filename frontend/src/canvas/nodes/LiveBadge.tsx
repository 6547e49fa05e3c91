/** The live page's marks on a state: its status (icon + word), and what it waits for or counts. */

import { useEffect, useState } from "react";
import type { LiveMark } from "../types";

export const STATUS_ICONS: Record<string, string> = {
  "not-started": "○",
  running: "▶",
  succeeded: "✓",
  failed: "✕",
  caught: "↪",
  retrying: "↻",
  waiting: "◷",
  aborted: "■",
};

export function LiveBadge({ live }: { live: LiveMark }) {
  return (
    <>
      <span className={`bt-live bt-live--${live.status}`}>
        <span aria-hidden="true">{STATUS_ICONS[live.status] ?? "•"}</span> {live.label}
        {live.progress ? (
          <span
            className="bt-live__progress"
            data-testid="map-progress"
            title={progressTitle(live.progress)}
          >
            {live.progress.done}/{live.progress.total}
          </span>
        ) : null}
      </span>
      {live.detail || live.branches || live.children ? (
        <span className="bt-live-detail">
          {live.detail}
          {live.until !== undefined ? <Countdown until={live.until} /> : null}
          {live.children?.map((id) => (
            <a
              key={id}
              className="bt-live-child nopan"
              href={`/executions/${id}/`}
              data-testid="child-execution"
            >
              child execution ↗
            </a>
          ))}
          {live.branches?.map((status, i) => (
            <span
              key={i}
              className={`bt-live-branch bt-live--${status}`}
              title={`Branch ${i + 1}: ${status}`}
            >
              <span aria-hidden="true">{STATUS_ICONS[status] ?? "•"}</span> B{i + 1}
            </span>
          ))}
        </span>
      ) : null}
      {live.extra}
    </>
  );
}

function progressTitle(p: NonNullable<LiveMark["progress"]>): string {
  return `${p.done} of ${p.total} done: ${p.succeeded} succeeded, ${p.failed} failed, ${p.running} running`;
}

/** " 12 s" counting down to `until` (ms since the epoch); "now" once it has passed. */
export function Countdown({ until }: { until: number }) {
  const now = useNow(1000);
  const left = Math.ceil((until - now) / 1000);
  return <span className="bt-countdown"> {left > 0 ? formatSeconds(left) : "now"}</span>;
}

export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const hours = Math.floor(seconds / 3600);
  return hours < 48
    ? `${hours} h ${Math.floor((seconds % 3600) / 60)} min`
    : `${Math.floor(hours / 24)} days`;
}
