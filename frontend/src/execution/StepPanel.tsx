/** The selected state: its runs, each attempt with its timing, what its function logged, input,
 * output, error and cause. */

import { useState } from "react";
import { millis } from "../live/events";
import type { Attempt, Picture, Run } from "../live/fold";
import { inScope } from "../live/views";
import { STATUS_ICONS } from "../canvas/nodes/LiveBadge";
import { ApprovalFacts } from "./ApprovalFacts";
import type { ApprovalTask } from "./approvals";
import { iteration } from "./HistoryTable";
import { JsonView } from "./JsonView";
import { MapIterations } from "./MapIterations";
import { STATUS_WORDS } from "./marks";
import { TaskLogList } from "./TaskLogList";
import { duration } from "./time";
import { Time } from "./Time";

interface Props {
  pointer: string;
  name: string;
  picture: Picture;
  scope: string;
  childIds: string[];
  approvals: readonly ApprovalTask[];
  onClose: () => void;
  onIteration: (map: string, index: number) => void;
}

export function StepPanel({
  pointer,
  name,
  picture,
  scope,
  childIds,
  approvals,
  onClose,
  onIteration,
}: Props) {
  const runs = picture.runs.filter((run) => run.pointer === pointer && inScope(run, scope));
  const [chosen, setChosen] = useState<number>();
  const run = runs.find((r) => r.id === chosen) ?? runs[runs.length - 1];
  return (
    <aside
      className="bt-step"
      data-testid="step-panel"
      data-step={name}
      aria-label={`Step ${name}`}
    >
      <header className="bt-step__head">
        <h2 className="bt-step__name" title={name}>
          {name}
        </h2>
        <button
          type="button"
          className="btn small"
          onClick={onClose}
          aria-label="Close the step panel"
        >
          ×
        </button>
      </header>
      {!run ? (
        <p className="bt-exec-muted">Not started{scope ? " in this iteration" : ""}.</p>
      ) : (
        <>
          {runs.length > 1 ? (
            <label className="bt-step__runs">
              Run{" "}
              <select value={run.id} onChange={(event) => setChosen(Number(event.target.value))}>
                {runs.map((r, i) => (
                  <option key={r.id} value={r.id}>
                    {i + 1} of {runs.length}
                    {iteration(r)}: {STATUS_WORDS[r.status]}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <RunFacts run={run} />
          <ApprovalFacts run={run} tasks={approvals} />
          {run.type === "Map" ? (
            <MapIterations run={run} onOpen={(i) => onIteration(run.pointer, i)} />
          ) : null}
          {run.type === "Task" &&
          childIds.length > 0 &&
          /startExecution/.test(run.attempts[0]?.resource ?? "") ? (
            <p className="small">
              Child executions:{" "}
              {childIds.map((id) => (
                <a key={id} className="mono" href={`/executions/${id}/`}>
                  {id.slice(0, 8)}{" "}
                </a>
              ))}
            </p>
          ) : null}
          {run.attempts.length > 0 ? <Attempts attempts={run.attempts} /> : null}
          <TaskLogList run={run} />
          <h3>Input</h3>
          <JsonView value={run.input} label="State input" />
          {run.exitedId !== undefined ? (
            <>
              <h3>Output</h3>
              <JsonView value={run.output} label="State output" />
            </>
          ) : null}
        </>
      )}
    </aside>
  );
}

function RunFacts({ run }: { run: Run }) {
  const last = run.attempts[run.attempts.length - 1];
  const failure = run.failure ?? [...run.attempts].reverse().find((a) => a.error);
  return (
    <dl className="facts small bt-step__facts">
      <dt>Status</dt>
      <dd>
        <span className={`bt-live bt-live--${run.status} bt-live--inline`}>
          <span aria-hidden="true">{STATUS_ICONS[run.status]}</span> {STATUS_WORDS[run.status]}
        </span>
      </dd>
      <dt>Type</dt>
      <dd>{run.type}</dd>
      <dt>Entered</dt>
      <dd>
        <Time iso={run.enteredAt} />
      </dd>
      {run.exitedAt ? (
        <>
          <dt>Exited</dt>
          <dd>
            <Time iso={run.exitedAt} /> · took{" "}
            {duration(millis(run.exitedAt) - millis(run.enteredAt))}
          </dd>
        </>
      ) : null}
      {last?.resource ? (
        <>
          <dt>Resource</dt>
          <dd className="mono bt-break">{last.resource}</dd>
        </>
      ) : null}
      {last?.idempotencyKey ? (
        <>
          <dt>Idempotency key</dt>
          <dd className="mono bt-break">{last.idempotencyKey}</dd>
        </>
      ) : null}
      {failure?.error ? (
        <>
          <dt>Error</dt>
          <dd className="mono bt-break" data-testid="step-error">
            {failure.error}
          </dd>
        </>
      ) : null}
      {failure?.cause ? (
        <>
          <dt>Cause</dt>
          <dd className="bt-break" data-testid="step-cause">
            {failure.cause}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function Attempts({ attempts }: { attempts: Attempt[] }) {
  const span = (from?: string, to?: string) =>
    from && to ? duration(millis(to) - millis(from)) : "";
  return (
    <div className="table-wrap">
      <table className="bt-step__attempts">
        <caption>Attempts</caption>
        <thead>
          <tr>
            <th>#</th>
            <th>Scheduled</th>
            <th title="From scheduled to started">Queued</th>
            <th title="From started to its outcome">Ran</th>
            <th>Outcome</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.number} data-attempt={attempt.number}>
              <td>{attempt.number}</td>
              <td>
                <Time iso={attempt.scheduledAt} />
              </td>
              <td>{span(attempt.scheduledAt, attempt.startedAt)}</td>
              <td title={attempt.endedAt ? `ended ${attempt.endedAt}` : undefined}>
                {span(attempt.startedAt ?? attempt.scheduledAt, attempt.endedAt)}
              </td>
              <td title={attempt.cause}>
                {attempt.outcome
                  ? `${attempt.outcome}${attempt.error ? `: ${attempt.error}` : ""}`
                  : "in progress"}
                {attempt.worker ? ` (${attempt.worker})` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
