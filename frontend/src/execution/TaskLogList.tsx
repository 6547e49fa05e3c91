/** The step panel's "Log": the lines a run's function wrote with baton.log, oldest first. */

import type { Run } from "../live/fold";
import { fieldsText, type LogNote } from "../live/tasklog";
import { Time } from "./Time";

export function TaskLogList({ run }: { run: Run }) {
  if (run.logs.length === 0) return null;
  const byAttempt = new Set(run.logs.map((note) => note.attempt)).size > 1;
  return (
    <div className="table-wrap">
      <table className="bt-step__attempts bt-step__log" data-testid="step-log">
        <caption>Log</caption>
        <thead>
          <tr>
            <th>Time</th>
            {byAttempt ? <th title="The attempt that wrote it">#</th> : null}
            <th>Level</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {run.logs.map((note) => (
            <tr key={note.eventId} data-log-event={note.eventId} data-level={note.level}>
              <td>
                <Time iso={note.at} />
              </td>
              {byAttempt ? <td>{note.attempt}</td> : null}
              <td>
                <LogLevel level={note.level} />
              </td>
              <td>
                <LogMessage note={note} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The level as a word, coloured for warnings and errors (the word says it without colour). */
export function LogLevel({ level }: { level: LogNote["level"] }) {
  return <span className={`bt-log-level bt-log-level--${level}`}>{level}</span>;
}

function LogMessage({ note }: { note: LogNote }) {
  const fields = fieldsText(note.fields);
  return (
    <>
      <span className={note.dropped ? "bt-exec-muted" : undefined}>{note.message}</span>
      {fields ? (
        <span className="bt-log-fields" data-testid="step-log-fields">
          {fields}
        </span>
      ) : null}
      {note.fieldsOmitted ? (
        <span className="bt-log-fields bt-exec-muted">fields left out: {note.fieldsOmitted}</span>
      ) : null}
    </>
  );
}
