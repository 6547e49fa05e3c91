/** "Test run with mocked tasks": the draft started for real, every Task answered from a mock file. */

import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { JsonField, type Problem, ProblemAlert, problemOf, RunButton } from "./fields";
import { testRunForm } from "./forms";
import { mockSkeleton } from "./mocks";
import { usePost } from "./request";
import "./testing.css";

/** The machine key of a draft that is no workflow yet (the server takes a file's only machine). */
const DRAFT_KEY = "draft";

export function TestRunDialog(props: {
  apiBase: string;
  workflow: string | null;
  definitionText: string;
  taskStates: string[];
  onClose: () => void;
  onStarted: (executionId: string) => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLTextAreaElement>(null);
  const skeleton = () => mockSkeleton(props.workflow ?? DRAFT_KEY, props.taskStates);
  const [input, setInput] = useState("{}");
  const [mocks, setMocks] = useState(skeleton);
  const [testCase, setTestCase] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const { busy, post, cancel } = usePost<{ id?: unknown }>();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    first.current?.focus();
  }, []);

  const form = testRunForm({
    workflow: props.workflow,
    definition: props.definitionText,
    input,
    mocks,
    testCase,
  });

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!form.body || busy) return;
    setProblem(null);
    const sent = await post(`${props.apiBase}test-runs/`, form.body);
    if (!sent) return;
    if ("problem" in sent) setProblem(sent.problem);
    else if (!sent.answer.ok) setProblem(problemOf(sent.answer));
    else if (typeof sent.answer.data?.id === "string") props.onStarted(sent.answer.data.id);
    else setProblem({ message: "The server started no execution it named.", diagnostics: [] });
  }

  async function load(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ""; // the same file chosen again loads again
    if (!file) return;
    try {
      setMocks(await file.text());
    } catch {
      setProblem({ message: `The file ${file.name} could not be read.`, diagnostics: [] });
    }
  }

  function closed() {
    cancel(); // an answer arriving after Escape starts nothing the user sees
    props.onClose();
  }

  return (
    <dialog
      ref={dialog}
      className="bt-testing bt-test-dialog"
      aria-labelledby={`${id}-title`}
      onClose={closed}
    >
      <form onSubmit={start} noValidate>
        <h2 id={`${id}-title`} className="bt-test-title">
          Test run with mocked tasks
        </h2>
        <p className="bt-test-help">
          Runs your unsaved draft for real; every Task is answered from the mock file and no
          function or service is called.
        </p>
        <JsonField
          id={`${id}-input`}
          label="Input (JSON)"
          value={input}
          parsed={form.parsed.input}
          onChange={setInput}
          inputRef={first}
        />
        <JsonField
          id={`${id}-mocks`}
          label="Mock configuration (Step Functions Local format)"
          value={mocks}
          parsed={form.parsed.mocks}
          onChange={setMocks}
          rows={12}
          help='MockedResponses answer by invocation: "0", "1-2", each {"Return": …} or {"Throw": {"Error", "Cause"}}.'
        />
        <div className="bt-test-row">
          <div className="bt-test-field">
            <label htmlFor={`${id}-file`}>Load mock file…</label>
            <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={load} />
          </div>
          <div className="bt-test-field">
            <label htmlFor={`${id}-case`}>Test case (optional)</label>
            <input
              id={`${id}-case`}
              type="text"
              value={testCase}
              maxLength={200}
              aria-describedby={`${id}-case-help`}
              onChange={(event) => setTestCase(event.target.value)}
            />
            <p id={`${id}-case-help`} className="bt-test-help">
              Needed when the file has several.
            </p>
          </div>
        </div>
        <button type="button" className="btn small" onClick={() => setMocks(skeleton())}>
          Reset to a skeleton of this draft
        </button>
        {problem && <ProblemAlert problem={problem} />}
        <RunButton
          id={id}
          testId="test-run-start"
          label="Start test run"
          busy={busy}
          blocked={form.blocked}
        >
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </RunButton>
      </form>
    </dialog>
  );
}
