/** A Gantt of the runs: one bar per state entered, its attempts inside, retry waits hatched,
 * a mark where its function wrote a log line (TimelineLogs.tsx). */

import { millis } from "../live/events";
import type { Picture, Run } from "../live/fold";
import { STATUS_WORDS } from "./marks";
import { iteration } from "./HistoryTable";
import { LogMarks } from "./TimelineLogs";
import { duration } from "./time";

const MAX_ROWS = 200;

interface Segment {
  from: number;
  to: number;
  kind: "attempt" | "retry-wait" | "failed";
}

export function Timeline({
  picture,
  now,
  onSelect,
}: {
  picture: Picture;
  now: number;
  onSelect: (pointer: string) => void;
}) {
  const first = picture.events[0];
  if (!first || picture.runs.length === 0) return null;
  const last = picture.events[picture.events.length - 1];
  const start = millis(first.timestamp);
  const end =
    picture.execution.status === "RUNNING"
      ? Math.max(now, millis(last.timestamp))
      : millis(last.timestamp);
  const span = Math.max(1, end - start);
  const percent = (ms: number) => (100 * (ms - start)) / span;
  const at = (ms: number) => `${percent(ms)}%`;
  const width = (from: number, to: number) => `max(2px, ${(100 * (to - from)) / span}%)`;
  const rows = picture.runs.slice(0, MAX_ROWS);
  return (
    <section className="bt-exec-card bt-exec-card--below" aria-labelledby="timeline-title">
      <header className="bt-exec-card__head">
        <h2 id="timeline-title">Timeline</h2>
        <span className="bt-exec-muted">
          {duration(span)} in all
          {picture.runs.length > MAX_ROWS
            ? `, the first ${MAX_ROWS} of ${picture.runs.length} runs`
            : ""}
        </span>
      </header>
      <ol className="bt-gantt" data-testid="timeline">
        {rows.map((run) => {
          const [from, to] = [millis(run.enteredAt), runEnd(run, picture, end)];
          return (
            <li key={run.id} className="bt-gantt__row" data-status={run.status}>
              <button
                type="button"
                className="bt-gantt__name"
                onClick={() => onSelect(run.pointer)}
                title={`${run.name}: ${STATUS_WORDS[run.status]}`}
              >
                {run.name}
                {iteration(run)}
              </button>
              <span className="bt-gantt__track">
                <span
                  className={`bt-gantt__bar bt-live--${run.status}`}
                  style={{ left: at(from), width: width(from, to) }}
                  title={`${run.name}: ${STATUS_WORDS[run.status]}, ${duration(to - from)}`}
                >
                  {segments(run, to).map((segment, i) => (
                    <span
                      key={i}
                      className={`bt-gantt__seg bt-gantt__seg--${segment.kind}`}
                      style={{
                        left: `${(100 * (segment.from - from)) / Math.max(1, to - from)}%`,
                        width: `${(100 * (segment.to - segment.from)) / Math.max(1, to - from)}%`,
                      }}
                    />
                  ))}
                </span>
                <LogMarks run={run} from={from} to={to} percent={percent} onSelect={onSelect} />
              </span>
              <span className="bt-gantt__took">{duration(to - from)}</span>
            </li>
          );
        })}
      </ol>
      <p className="bt-gantt__legend bt-exec-muted">
        <span className="bt-gantt__key bt-gantt__seg--attempt" /> attempt{" "}
        <span className="bt-gantt__key bt-gantt__seg--failed" /> failed attempt{" "}
        <span className="bt-gantt__key bt-gantt__seg--retry-wait" /> waiting to retry
        {rows.some((run) => run.logs.length > 0) ? (
          <>
            {" "}
            <span className="bt-gantt__key bt-gantt__key--log" /> log line
          </>
        ) : null}
      </p>
    </section>
  );
}

function runEnd(run: Run, picture: Picture, end: number): number {
  if (run.exitedAt) return millis(run.exitedAt);
  if (run.status === "running" || run.status === "waiting" || run.status === "retrying") return end;
  const lastId = run.eventIds[run.eventIds.length - 1];
  const event = picture.events.find((e) => e.id === lastId);
  return event ? millis(event.timestamp) : end;
}

function segments(run: Run, to: number): Segment[] {
  const list: Segment[] = [];
  run.attempts.forEach((attempt, i) => {
    if (!attempt.scheduledAt) return;
    const from = millis(attempt.scheduledAt);
    const ended = attempt.endedAt ? millis(attempt.endedAt) : to;
    list.push({
      from,
      to: ended,
      kind: attempt.outcome && attempt.outcome !== "succeeded" ? "failed" : "attempt",
    });
    const next = run.attempts[i + 1];
    if (
      attempt.outcome &&
      attempt.outcome !== "succeeded" &&
      (next?.scheduledAt || run.status === "retrying")
    ) {
      list.push({
        from: ended,
        to: next?.scheduledAt ? millis(next.scheduledAt) : to,
        kind: "retry-wait",
      });
    }
  });
  return list;
}
