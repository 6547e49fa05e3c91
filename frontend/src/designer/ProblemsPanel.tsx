/** The problems panel: the server's diagnostics and a JSON syntax error, each selecting its
 * state (and showing its field) on click. */

import type { Diagnostic } from "./types";

interface Props {
  problems: Diagnostic[];
  checking: boolean;
  onOpen: (problem: Diagnostic) => void;
}

export function ProblemsPanel({ problems, checking, onOpen }: Props) {
  const errors = problems.filter((problem) => problem.severity === "error").length;
  const warnings = problems.length - errors;
  const summary =
    problems.length === 0
      ? checking
        ? "Checking…"
        : "No problems"
      : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  return (
    <section className="bt-problems" aria-label="Problems" data-testid="problems">
      <h2 className="bt-panel-title">
        Problems{" "}
        <span className="bt-problems__summary" aria-live="polite">
          {summary}
        </span>
      </h2>
      {problems.length ? (
        <ul>
          {problems.map((problem, index) => (
            <li key={`${problem.location}:${problem.code}:${index}`}>
              <button
                type="button"
                className={`bt-problem bt-problem--${problem.severity}`}
                data-problem
                data-location={problem.location}
                data-code={problem.code}
                onClick={() => onOpen(problem)}
              >
                <span className="bt-problem__severity">
                  {problem.severity === "error" ? "✕ Error" : "! Warning"}
                </span>
                <span className="bt-problem__message">{problem.message}</span>
                <code className="bt-problem__where">{problem.location || "/"}</code>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
