/** Where a failed, timed-out or aborted execution broke, what led there, and what to do next. */

import type { Picture } from "../live/fold";
import { failureOf } from "../live/views";
import { PostButton } from "./Actions";
import type { PageConfig } from "./config";
import { iteration } from "./HistoryTable";
import { JsonView } from "./JsonView";
import { Time } from "./Time";

interface Props {
  config: PageConfig;
  picture: Picture;
  status: string;
  error: string | null;
  cause: string | null;
  onSelect: (pointer: string) => void;
}

const HOW = { FAILED: "failed", TIMED_OUT: "timed out", ABORTED: "was stopped" } as Record<
  string,
  string
>;

export function FailureSummary({ config, picture, status, error, cause, onSelect }: Props) {
  const failure = failureOf(picture);
  if (!failure || !(status in HOW)) return null;
  const run = failure.run;
  return (
    <section
      className="card problems bt-failure"
      data-testid="failure-summary"
      data-state={run?.name ?? ""}
      aria-labelledby="failure-title"
    >
      <h2 id="failure-title">
        The execution {HOW[status]}
        {run ? (
          <>
            {" "}
            in{" "}
            <button type="button" className="linkish" onClick={() => onSelect(run.pointer)}>
              {run.name}
              {iteration(run)}
            </button>
          </>
        ) : null}
      </h2>
      <dl className="facts small">
        <dt>Error</dt>
        <dd className="mono bt-break" data-testid="failure-error">
          {error ?? failure.error ?? "—"}
        </dd>
        <dt>Cause</dt>
        <dd className="bt-break" data-testid="failure-cause">
          {cause ?? failure.cause ?? "—"}
        </dd>
        <dt>Retries spent</dt>
        <dd>{failure.retries}</dd>
      </dl>
      <div className="bt-failure__grid">
        {run ? (
          <div>
            <h3>Input of {run.name}</h3>
            <JsonView value={run.input} label={`Input of ${run.name}`} />
          </div>
        ) : null}
        <div>
          <h3>Events that led there</h3>
          <ol className="bt-failure__events">
            {failure.leadUp.map((event) => (
              <li key={event.id}>
                <span className="mono">#{event.id}</span> {event.type}{" "}
                <Time iso={event.timestamp} />
              </li>
            ))}
          </ol>
        </div>
      </div>
      {config.can.operate ? (
        <p className="bt-failure__actions">
          <PostButton
            config={config}
            url={config.urls.redrive}
            testid="failure-redrive"
            className="btn primary"
          >
            ↻ Redrive from {run?.name ?? "where it stopped"}
          </PostButton>{" "}
          {config.test_run ? null : (
            <PostButton config={config} url={config.urls.rerun} testid="failure-rerun">
              ▶ Run again with the same input
            </PostButton>
          )}
        </p>
      ) : null}
    </section>
  );
}
