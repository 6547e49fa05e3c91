/** The event history: one row per event (by id, never twice), filters by state and by type. */

import { memo, useMemo, useState } from "react";
import { millis, type HistoryEvent } from "../live/events";
import type { Picture, Run } from "../live/fold";
import { taskLogLabel } from "../live/tasklog";
import { approvalEventLabel } from "./approvals";
import { duration } from "./time";
import { Time } from "./Time";

/** Rows drawn at first; a long history shows more on request. */
const ROWS_AT_ONCE = 2000;

interface Row {
  event: HistoryEvent;
  run?: Run;
  sincePrevious?: number;
  /** For an …Exited event: how long the state ran since its Entered. */
  stateTook?: number;
}

export function HistoryTable({ picture }: { picture: Picture }) {
  const [state, setState] = useState("");
  const [type, setType] = useState("");
  const [limit, setLimit] = useState(ROWS_AT_ONCE);
  const runs = useMemo(() => new Map(picture.runs.map((run) => [run.id, run])), [picture]);
  const rows = useMemo(() => {
    const list: Row[] = [];
    let previous: HistoryEvent | undefined;
    for (const event of picture.events) {
      const run = runs.get(picture.owner.get(event.id) ?? -1);
      const row: Row = { event, run };
      if (previous) row.sincePrevious = millis(event.timestamp) - millis(previous.timestamp);
      if (run && event.type.endsWith("StateExited"))
        row.stateTook = millis(event.timestamp) - millis(run.enteredAt);
      list.push(row);
      previous = event;
    }
    return list;
  }, [picture, runs]);
  const names = useMemo(() => [...new Set(picture.runs.map((run) => run.name))].sort(), [picture]);
  const types = useMemo(
    () => [...new Set(picture.events.map((event) => event.type))].sort(),
    [picture],
  );
  const shown = rows.filter(
    (row) => (!state || row.run?.name === state) && (!type || row.event.type === type),
  );
  return (
    <section className="bt-exec-card bt-exec-card--below" aria-labelledby="history-title">
      <header className="bt-exec-card__head">
        <h2 id="history-title">Event history</h2>
        <div className="bt-exec-filters">
          <label>
            State{" "}
            <select
              value={state}
              onChange={(event) => setState(event.target.value)}
              data-testid="history-state-filter"
            >
              <option value="">All states</option>
              {names.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <label>
            Type{" "}
            <select
              value={type}
              onChange={(event) => setType(event.target.value)}
              data-testid="history-type-filter"
            >
              <option value="">All types</option>
              {types.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <span className="bt-exec-muted">
            {shown.length} of {rows.length} events
          </span>
        </div>
      </header>
      <div className="table-wrap bt-exec-history">
        <table className="stack" data-testid="history">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Event</th>
              <th>State</th>
              <th>Time</th>
              <th className="num">Since previous</th>
              <th className="num">State took</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map(({ event, run, sincePrevious, stateTook }) => (
              <HistoryRow
                key={event.id}
                event={event}
                state={run ? `${run.name}${iteration(run)}` : ""}
                sincePrevious={sincePrevious}
                stateTook={stateTook}
              />
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  No events{rows.length ? " match these filters" : " yet"}.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {shown.length > limit ? (
        <p className="bt-exec-muted">
          Showing the first {limit} of {shown.length} events.{" "}
          <button type="button" className="btn small" onClick={() => setLimit(shown.length)}>
            Show all
          </button>
        </p>
      ) : null}
    </section>
  );
}

interface RowProps {
  event: HistoryEvent;
  state: string;
  sincePrevious?: number;
  stateTook?: number;
}

/** One event's row. Memoized on plain values: a live update re-renders only the new rows, which
 * keeps a long history from slowing the paint of each change (W7). */
const HistoryRow = memo(function HistoryRow({ event, state, sincePrevious, stateTook }: RowProps) {
  return (
    <tr
      data-event-id={event.id}
      className={/Failed|TimedOut|Aborted/.test(event.type) ? "bt-exec-row--bad" : undefined}
    >
      <td className="num" data-label="#">
        {event.id}
      </td>
      <td data-label="Event">
        <EventName event={event} />
      </td>
      <td data-label="State">{state}</td>
      <td data-label="Time">
        <Time iso={event.timestamp} />
      </td>
      <td className="num" data-label="Since previous">
        {sincePrevious === undefined ? "" : duration(sincePrevious)}
      </td>
      <td className="num" data-label="State took">
        {stateTook === undefined ? "" : duration(stateTook)}
      </td>
    </tr>
  );
});

/** " (iteration 3)" for a state inside a Map iteration. */
export function iteration(run: Run): string {
  const match = /#(\d+)$/.exec(run.scope);
  return match ? ` (iteration ${match[1]})` : "";
}

/** The event's type; a HumanTask… or TaskLog event in words, its type on hover. */
function EventName({ event }: { event: HistoryEvent }) {
  const label = approvalEventLabel(event) ?? taskLogLabel(event);
  return label ? <span title={event.type}>{label}</span> : <>{event.type}</>;
}
