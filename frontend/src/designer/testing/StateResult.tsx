/** TestState's answer: the status in words, where it goes next, the error, then each stage. */

import { pretty } from "./json";
import { errorDetailsText, STATUS_WORDS, stagesOf, type StateTestAnswer } from "./stages";

export function StateResult(props: { answer: StateTestAnswer; language: "JSONPath" | "JSONata" }) {
  const { answer } = props;
  const stages = stagesOf(answer, props.language);
  const handled = errorDetailsText(answer.inspectionData?.errorDetails);
  return (
    <div className="bt-test-result" data-testid="test-state-result">
      <dl className="bt-test-facts">
        <dt>Status</dt>
        <dd>
          <span className={`bt-test-status ${answer.status}`} data-status={answer.status}>
            {answer.status}
          </span>{" "}
          <span className="bt-test-muted">{STATUS_WORDS[answer.status] ?? ""}</span>
        </dd>
        {answer.nextState !== undefined && (
          <>
            <dt>Next state</dt>
            <dd data-testid="test-state-next">{answer.nextState}</dd>
          </>
        )}
        {answer.error != null && (
          <>
            <dt>Error</dt>
            <dd>
              <code>{answer.error}</code>
            </dd>
          </>
        )}
        {answer.cause != null && answer.cause !== "" && (
          <>
            <dt>Cause</dt>
            <dd className="bt-test-cause">{answer.cause}</dd>
          </>
        )}
        {handled && (
          <>
            <dt>Handled</dt>
            <dd>{handled}</dd>
          </>
        )}
      </dl>
      <h4 className="bt-test-subtitle">Data flow</h4>
      <ol className="bt-test-stages">
        {stages.map((stage) => (
          <li key={stage.key} data-stage={stage.key}>
            <span className="bt-test-stage-label">{stage.label}</span>
            <pre className="bt-test-json">{pretty(stage.value)}</pre>
          </li>
        ))}
      </ol>
    </div>
  );
}
