/** Test-state's mock for a Task, Map or Parallel: the result it gives, or the error it fails with. */

import { JsonField } from "./fields";
import type { MockDraft } from "./forms";
import type { Parsed } from "./json";

export function MockFields(props: {
  id: string;
  stateType: string;
  mock: MockDraft;
  parsedResult: Parsed;
  onChange: (mock: MockDraft) => void;
}) {
  const { id, mock } = props;
  const change = (patch: Partial<MockDraft>) => props.onChange({ ...mock, ...patch });
  return (
    <fieldset className="bt-test-mock">
      <legend>Mock: the {props.stateType}'s work is never run</legend>
      <div className="bt-test-choices">
        {(["result", "error"] as const).map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name={`${id}-kind`}
              value={kind}
              checked={mock.kind === kind}
              onChange={() => change({ kind })}
            />
            {kind === "result" ? "Result" : "Error"}
          </label>
        ))}
      </div>
      {mock.kind === "result" ? (
        <JsonField
          id={`${id}-result`}
          label="Result (JSON)"
          value={mock.result}
          parsed={props.parsedResult}
          onChange={(result) => change({ result })}
        />
      ) : (
        <div className="bt-test-row">
          <div className="bt-test-field">
            <label htmlFor={`${id}-error`}>Error name</label>
            <input
              id={`${id}-error`}
              type="text"
              value={mock.error}
              placeholder="States.TaskFailed"
              maxLength={256}
              aria-invalid={!mock.error.trim()}
              onChange={(event) => change({ error: event.target.value })}
            />
          </div>
          <div className="bt-test-field">
            <label htmlFor={`${id}-cause`}>Cause (optional)</label>
            <input
              id={`${id}-cause`}
              type="text"
              value={mock.cause}
              onChange={(event) => change({ cause: event.target.value })}
            />
          </div>
        </div>
      )}
    </fieldset>
  );
}
