/** "Test state": one state of the draft run on its own (POST /api/test-state/), as TestState does. */

import { useId, useState, type FormEvent } from "react";
import { JsonField, type Problem, ProblemAlert, problemOf, RunButton } from "./fields";
import { EMPTY_MOCK, stateTestForm, type MockDraft } from "./forms";
import { MockFields } from "./MockFields";
import { usePost } from "./request";
import { StateResult } from "./StateResult";
import type { StateTestAnswer } from "./stages";
import "./testing.css";

/** The states test-state runs only with a mock (their work is never done). */
const MOCKED = new Set(["Task", "Map", "Parallel"]);

type Outcome = { state: string } & ({ answer: StateTestAnswer } | { problem: Problem });

export function TestStatePanel(props: {
  apiBase: string;
  definitionText: string;
  stateName: string;
  stateType: string;
  language: "JSONPath" | "JSONata";
}) {
  const id = useId();
  const [input, setInput] = useState("{}");
  const [mock, setMock] = useState<MockDraft>(EMPTY_MOCK);
  const [variables, setVariables] = useState("");
  const [retryCount, setRetryCount] = useState("0");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { busy, post } = usePost<StateTestAnswer>();

  const mocked = MOCKED.has(props.stateType);
  const form = stateTestForm({
    definition: props.definitionText,
    state: props.stateName,
    input,
    mock: mocked ? mock : null,
    variables,
    retryCount,
  });

  async function run(event: FormEvent) {
    event.preventDefault();
    if (!form.body || busy) return;
    const state = props.stateName;
    const sent = await post(`${props.apiBase}test-state/`, form.body);
    if (!sent) return;
    if ("problem" in sent) setOutcome({ state, problem: sent.problem });
    else if (sent.answer.ok) setOutcome({ state, answer: sent.answer.data });
    else setOutcome({ state, problem: problemOf(sent.answer) });
  }

  // An answer belongs to the state it was asked for; another state selected shows none.
  const shown = outcome?.state === props.stateName ? outcome : null;
  return (
    <form className="bt-testing" aria-labelledby={`${id}-title`} onSubmit={run} noValidate>
      <h3 id={`${id}-title`} className="bt-test-title">
        Test state
      </h3>
      <p className="bt-test-help">
        Runs <strong>{props.stateName}</strong> alone on this input; nothing is called or stored.
      </p>
      <JsonField
        id={`${id}-input`}
        label="Input (JSON)"
        value={input}
        parsed={form.parsed.input}
        onChange={setInput}
      />
      {mocked && (
        <MockFields
          id={id}
          stateType={props.stateType}
          mock={mock}
          parsedResult={form.parsed.result}
          onChange={setMock}
        />
      )}
      <details className="bt-test-more">
        <summary>Variables</summary>
        <JsonField
          id={`${id}-variables`}
          label="Variables in scope (JSON object, optional)"
          value={variables}
          parsed={form.parsed.variables}
          onChange={setVariables}
          rows={3}
          help={
            form.variablesIsObject
              ? 'For example {"count": 2}, read as $count.'
              : "Must be a JSON object: name → value."
          }
        />
      </details>
      <div className="bt-test-field bt-test-narrow">
        <label htmlFor={`${id}-retries`}>Retries already made</label>
        <input
          id={`${id}-retries`}
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={retryCount}
          aria-invalid={!form.retryCountOk}
          onChange={(event) => setRetryCount(event.target.value)}
        />
      </div>
      <RunButton
        id={id}
        testId="test-state-run"
        label="Run state"
        busy={busy}
        blocked={form.blocked}
      />
      <p className="bt-test-sr" aria-live="polite">
        {busy ? "Running…" : shown && "answer" in shown ? `Status ${shown.answer.status}.` : ""}
      </p>
      {shown && "problem" in shown && <ProblemAlert problem={shown.problem} />}
      {shown && "answer" in shown && (
        <StateResult answer={shown.answer} language={props.language} />
      )}
    </form>
  );
}
