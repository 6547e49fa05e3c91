/** A run's status once every event is folded in: retries, waits, catches, aborts. Pure. */

import { retrierFor, retryDelay, StateIndex } from "./definition";
import { millis } from "./events";
import type { ExecutionEnd, Run } from "./fold";

export function settle(run: Run, index: StateIndex, execution: ExecutionEnd): void {
  const open = execution.status === "RUNNING";
  if (run.type === "Fail") run.status = "failed";
  else if (run.exitedId !== undefined) {
    run.status = run.failure || run.caughtByNext ? "caught" : "succeeded";
  } else if (run.aborted) run.status = "aborted";
  else if (run.type === "Succeed") run.status = "succeeded";
  else if (run.failure) run.status = retry(run, index, open) ? "retrying" : "failed";
  else if (!open) run.status = execution.status === "FAILED" ? "failed" : "aborted";
  else {
    run.wait = waitOf(run, index);
    run.status = run.wait ? "waiting" : "running";
  }
}

/** Replays the run's failures through its retriers; sets `run.retry` when one more is due. */
function retry(run: Run, index: StateIndex, open: boolean): boolean {
  const retriers = index.retriers(run.pointer);
  const counts = new Map<number, number>();
  const failures = run.attempts.filter(
    (attempt) => attempt.outcome && attempt.outcome !== "succeeded",
  );
  let due: Run["retry"];
  for (const attempt of failures) {
    const error =
      attempt.outcome === "timed-out" && !attempt.error ? "States.Timeout" : attempt.error;
    const at = retrierFor(retriers, error);
    const retrier = retriers[at];
    const count = (counts.get(at) ?? 0) + 1;
    if (!retrier || count > retrier.maxAttempts) {
      due = undefined;
      continue;
    }
    counts.set(at, count);
    const delay = retryDelay(retrier, count) * 1000;
    due = {
      attempt: count + 1,
      of: retrier.maxAttempts + 1,
      at: millis(attempt.endedAt ?? run.enteredAt) + delay,
    };
  }
  if (!due || !open) return false;
  run.retry = due;
  return true;
}

function waitOf(run: Run, index: StateIndex): Run["wait"] {
  if (run.type === "Wait") return { on: "timer", until: timerEnd(run, index) };
  if (run.type !== "Task") return undefined;
  const attempt = run.attempts[run.attempts.length - 1];
  if (!attempt || attempt.outcome) return undefined;
  const resource = attempt.resource ?? String(index.stateOf(run.pointer)?.Resource ?? "");
  if (resource.includes(".waitForTaskToken")) return { on: "callback" };
  if (resource === "baton:approval") return { on: "approval" };
  if (resource.includes("states:startExecution.sync")) return { on: "child" };
  if (resource.includes(":activity:") && !attempt.startedAt) return { on: "activity" };
  return undefined;
}

function timerEnd(run: Run, index: StateIndex): number | undefined {
  const state = index.stateOf(run.pointer) ?? {};
  const entered = millis(run.enteredAt);
  const seconds =
    typeof state.Seconds === "number" ? state.Seconds : pathValue(run.input, state.SecondsPath);
  if (typeof seconds === "number") return entered + seconds * 1000;
  const stamp =
    typeof state.Timestamp === "string"
      ? state.Timestamp
      : pathValue(run.input, state.TimestampPath);
  return typeof stamp === "string" && !Number.isNaN(Date.parse(stamp))
    ? Date.parse(stamp)
    : undefined;
}

/** `$.a.b` read from a value; anything fancier is not worth guessing here. */
function pathValue(value: unknown, path: unknown): unknown {
  if (typeof path !== "string" || !/^\$(\.[A-Za-z0-9_]+)*$/.test(path)) return undefined;
  let here = value;
  for (const key of path.split(".").slice(1)) {
    if (typeof here !== "object" || here === null) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

export { StateIndex };
