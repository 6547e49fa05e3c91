/** The parts both testing forms share: a JSON text field and the server's refusal. */

import type { ReactNode, Ref } from "react";
import type { ApiAnswer } from "../api";
import { apiError, errorText } from "../api";
import type { Parsed } from "./json";

export function JsonField(props: {
  id: string;
  label: string;
  value: string;
  parsed: Parsed;
  onChange: (text: string) => void;
  rows?: number;
  help?: string;
  inputRef?: Ref<HTMLTextAreaElement>;
}) {
  const { id, parsed } = props;
  const describedBy = [props.help && `${id}-help`, !parsed.ok && `${id}-error`].filter(Boolean);
  return (
    <div className="bt-test-field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        ref={props.inputRef}
        value={props.value}
        rows={props.rows ?? 4}
        spellCheck={false}
        aria-invalid={!parsed.ok}
        aria-describedby={describedBy.join(" ") || undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.help && (
        <p id={`${id}-help`} className="bt-test-help">
          {props.help}
        </p>
      )}
      {!parsed.ok && (
        <p id={`${id}-error`} className="bt-test-invalid">
          Not JSON: {parsed.message}
        </p>
      )}
    </div>
  );
}

interface Located {
  code?: string;
  message?: string;
  location?: string;
}

/** What went wrong: the answer's message and, for a document, where (details.diagnostics). */
export type Problem = { message: string; diagnostics: Located[] };

export function problemOf(answer: ApiAnswer): Problem {
  const found = apiError(answer).details.diagnostics;
  if (!Array.isArray(found)) return { message: errorText(answer), diagnostics: [] };
  return { message: apiError(answer).message, diagnostics: found as Located[] };
}

export function unreachable(error: unknown): Problem {
  const why = error instanceof Error ? error.message : String(error);
  return { message: `Baton could not be reached: ${why}`, diagnostics: [] };
}

export function ProblemAlert(props: { problem: Problem }) {
  const { message, diagnostics } = props.problem;
  return (
    <div role="alert" className="bt-test-alert">
      <p>{message}</p>
      {diagnostics.length > 0 && (
        <ul>
          {diagnostics.map((item, index) => (
            <li key={index}>
              {item.message ?? item.code}
              {item.location ? (
                <>
                  {" "}
                  <code>{item.location}</code>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The run button and, beside it, why it is disabled. */
export function RunButton(props: {
  id: string;
  testId: string;
  label: string;
  busy: boolean;
  blocked: string;
  children?: ReactNode;
}) {
  const why = props.blocked && `${props.id}-why`;
  return (
    <div className="bt-test-actions">
      <button
        type="submit"
        className="btn primary"
        data-testid={props.testId}
        disabled={props.busy || Boolean(props.blocked)}
        aria-describedby={why || undefined}
      >
        {props.busy ? "Running…" : props.label}
      </button>
      {props.children}
      {why && (
        <span id={why} className="bt-test-why">
          Disabled: {props.blocked}
        </span>
      )}
    </div>
  );
}
