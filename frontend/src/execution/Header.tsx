/** The page's head: name, status, live indicator, where it comes from, actions. */

import type { ExecutionRecord } from "../live/sync";
import { Actions } from "./Actions";
import type { PageConfig } from "./config";
import { Time } from "./Time";

interface Props {
  config: PageConfig;
  execution: ExecutionRecord;
  connected: boolean;
  refused?: number;
  failing: boolean;
}

export function Header({ config, execution, connected, refused, failing }: Props) {
  const status = execution.status;
  return (
    <div className="pagehead bt-exec-head">
      <div className="titles">
        <h1 className="bt-exec-title" title={execution.name}>
          {execution.name}
        </h1>
        <p className="bt-exec-sub">
          <span className={`status ${status}`} data-testid="execution-status" data-status={status}>
            {status.toLowerCase().replace("_", " ")}
          </span>{" "}
          <LiveDot connected={connected} refused={refused} failing={failing} /> ·{" "}
          {config.urls.workflow ? (
            <a href={config.urls.workflow}>
              {execution.workflow} v{execution.version}
            </a>
          ) : (
            <span>an unsaved draft</span>
          )}
          {execution.test_run ? (
            <>
              {" "}
              ·{" "}
              <span className="pill" data-testid="test-run-badge">
                test run: tasks answered from mocks
              </span>
            </>
          ) : null}{" "}
          · started <Time iso={execution.started_at} withDate />
          {execution.stopped_at ? (
            <>
              {" "}
              · ended <Time iso={execution.stopped_at} />
            </>
          ) : null}
          {execution.redrive_count ? <> · redriven {execution.redrive_count}×</> : null}
          {execution.parent ? (
            <>
              {" "}
              · child of{" "}
              <a
                href={`/executions/${execution.parent}/`}
                data-testid="parent-execution"
                className="mono"
              >
                {execution.parent.slice(0, 8)}
              </a>
            </>
          ) : null}
        </p>
      </div>
      <Actions config={config} status={status} />
    </div>
  );
}

function LiveDot({
  connected,
  refused,
  failing,
}: {
  connected: boolean;
  refused?: number;
  failing: boolean;
}) {
  const word = refused ? "Not live" : connected && !failing ? "Live" : "Reconnecting…";
  const title = refused
    ? "The server refused live updates; reload to see changes."
    : connected
      ? "Changes appear as they happen."
      : "The connection dropped; what changed meanwhile is fetched when it is back.";
  return (
    <span
      className={`bt-live-dot${connected ? " bt-live-dot--on" : ""}`}
      data-testid="live"
      data-connected={connected ? "true" : "false"}
      title={title}
      role="status"
    >
      <span aria-hidden="true">{connected ? "●" : "○"}</span> {word}
    </span>
  );
}
