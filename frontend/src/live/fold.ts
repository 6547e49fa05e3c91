/**
 * The live view's fold: history events (kept by their gapless id) + the definition -> what each
 * state did. Pure, no React. The events are always folded from scratch in id order, so ingesting
 * the same events twice or in another order draws the same picture.
 *
 * A "run" is one entry into a state (a loop or a Map iteration enters it again). Events without a
 * name (task events, HumanTask… notes, TaskLog lines) belong to the run their previous_event_id
 * belongs to; a run's scope names the Map iterations around it ("/States/Items#3"), read off the
 * MapIterationStarted its thread starts at.
 */

import { StateIndex } from "./definition";
import { millis, sortedEvents, taskStep, text, type EventStore, type HistoryEvent } from "./events";
import { settle } from "./status";
import { logNote, TASK_LOG, type LogNote } from "./tasklog";

export type StepStatus =
  | "not-started"
  | "running"
  | "succeeded"
  | "failed"
  | "caught"
  | "retrying"
  | "waiting"
  | "aborted";

export interface Attempt {
  number: number;
  eventIds: number[];
  scheduledAt?: string;
  startedAt?: string;
  endedAt?: string;
  outcome?: "succeeded" | "failed" | "timed-out";
  error?: string;
  cause?: string;
  resource?: string;
  parameters?: unknown;
  worker?: string;
  idempotencyKey?: string;
}

export type IterationStatus = "running" | "succeeded" | "failed" | "aborted";

export interface Run {
  id: number; // the entered event's id
  pointer: string;
  name: string;
  type: string;
  scope: string;
  enteredAt: string;
  input: unknown;
  exitedId?: number;
  exitedAt?: string;
  output?: unknown;
  attempts: Attempt[];
  eventIds: number[];
  /** The last failure no later attempt answered (a task's or a Map's / Parallel's). */
  failure?: { eventId: number; at: string; error?: string; cause?: string };
  aborted?: boolean;
  caughtByNext?: boolean;
  length?: number;
  iterations: Map<number, IterationStatus>;
  status: StepStatus;
  /** Retrying: the attempt to come, of how many, and about when (ms since the epoch). */
  retry?: { attempt: number; of: number; at: number };
  /** Waiting: on what, and until when for a timer. */
  wait?: { on: "timer" | "callback" | "activity" | "child" | "approval"; until?: number };
  /** A `baton:approval` Task's human task, as its last HumanTask… event told it. */
  humanTask?: HumanTaskNote;
  /** What its function wrote with baton.log (TaskLog events), oldest first. */
  logs: LogNote[];
}

/** The last HumanTask… event of a run (approvals/announce.py history_details). */
export interface HumanTaskNote {
  id: number;
  type: string;
  at: string;
  status?: string;
  user?: string;
  comment?: string;
}

export interface ExecutionEnd {
  status: "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  eventId?: number;
  at?: string;
  error?: string;
  cause?: string;
}

export interface Picture {
  runs: Run[];
  /** "source->target" node ids of the edges taken (markers are start:<level> / end:<level>). */
  traversed: Set<string>;
  /** The same, "<scope>|source->target": the path taken inside each Map iteration. */
  traversedIn: Set<string>;
  execution: ExecutionEnd;
  /** The run each event belongs to (its entered event's id); execution events have none. */
  owner: Map<number, number>;
  events: HistoryEvent[];
}

const ENDS: Record<string, ExecutionEnd["status"]> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionAborted: "ABORTED",
};

export function fold(definition: unknown, store: EventStore): Picture {
  const index = new StateIndex(definition);
  const events = sortedEvents(store);
  const picture: Picture = {
    runs: [],
    traversed: new Set(),
    traversedIn: new Set(),
    execution: { status: "RUNNING" },
    owner: new Map(),
    events,
  };
  const byId = new Map<number, Run>();
  for (const event of events) {
    if (event.type in ENDS) {
      picture.execution = {
        status: ENDS[event.type],
        eventId: event.id,
        at: event.timestamp,
        error: text(event.details.error),
        cause: text(event.details.cause),
      };
    } else if (event.type === "ExecutionStarted" || event.type === "ExecutionRedriven") {
      picture.execution = { status: "RUNNING", eventId: event.id, at: event.timestamp };
    } else if (event.type.endsWith("StateEntered")) {
      const run = enter(event, index, picture, byId, store);
      if (run) {
        byId.set(run.id, run);
        picture.runs.push(run);
        picture.owner.set(event.id, run.id);
      }
    } else {
      const run = byId.get(picture.owner.get(event.previous_event_id) ?? -1);
      if (!run) continue;
      picture.owner.set(event.id, run.id);
      apply(run, event);
    }
  }
  for (const run of picture.runs) settle(run, index, picture.execution);
  for (const run of picture.runs) endEdge(run, index, picture);
  return picture;
}

function enter(
  event: HistoryEvent,
  index: StateIndex,
  picture: Picture,
  byId: Map<number, Run>,
  store: EventStore,
): Run | undefined {
  const name = text(event.details.name) ?? "";
  const pointer = index.pointerOf(name);
  if (pointer === undefined) return undefined;
  const previous = store.get(event.previous_event_id);
  const before = byId.get(picture.owner.get(event.previous_event_id) ?? -1);
  let scope = before?.scope ?? "";
  if (previous?.type === "MapIterationStarted" && before) {
    scope = `${before.scope}${before.pointer}#${Number(previous.details.index)}`;
  }
  const run: Run = {
    id: event.id,
    pointer,
    name,
    type: index.stateOf(pointer)?.Type as string,
    scope,
    enteredAt: event.timestamp,
    input: event.details.input,
    attempts: [],
    eventIds: [event.id],
    iterations: new Map(),
    status: "running",
    logs: [],
  };
  const level = StateIndex.levelOf(pointer);
  if (previous?.type.endsWith("StateExited") && before) {
    take(picture, scope, `${before.pointer}->${pointer}`);
    before.caughtByNext = index.isCatchTarget(before.pointer, name);
  } else if (!previous || /^(Execution|MapIteration|ParallelState)Started$/.test(previous.type)) {
    take(picture, scope, `start:${level}->${pointer}`);
  }
  return run;
}

function apply(run: Run, event: HistoryEvent): void {
  run.eventIds.push(event.id);
  const step = taskStep(event.type);
  if (step) return applyTask(run, event, step);
  // Notes about a waiting approval: they never change the state's course, so not its status.
  if (event.type.startsWith("HumanTask")) return noteHumanTask(run, event);
  // A function's log lines come just before its attempt's outcome, in the attempt's thread.
  if (event.type === TASK_LOG) {
    run.logs.push(logNote(event, run.attempts.length || undefined));
    return;
  }
  const what = event.type.replace(/^(Map|Parallel|[A-Za-z]+?)State/, "");
  if (event.type.endsWith("StateExited")) {
    run.exitedId = event.id;
    run.exitedAt = event.timestamp;
    run.output = event.details.output;
  } else if (what === "Aborted") {
    run.aborted = true;
  } else if (what === "Redriven") {
    run.aborted = false;
    run.failure = undefined;
  } else if (event.type === "MapStateStarted" || event.type === "ParallelStateStarted") {
    run.length = Number(event.details.length ?? 0);
    run.iterations = new Map();
    run.failure = undefined;
    run.attempts.push({ number: run.attempts.length + 1, eventIds: [event.id] });
    run.attempts[run.attempts.length - 1].scheduledAt = event.timestamp;
  } else if (event.type === "MapStateFailed" || event.type === "ParallelStateFailed") {
    run.failure = { eventId: event.id, at: event.timestamp };
    closeAttempt(run, event, "failed");
  } else if (event.type === "MapStateSucceeded" || event.type === "ParallelStateSucceeded") {
    closeAttempt(run, event, "succeeded");
  } else if (event.type.startsWith("MapIteration")) {
    const state = event.type.slice("MapIteration".length).toLowerCase();
    run.iterations.set(
      Number(event.details.index),
      state === "started" ? "running" : (state as IterationStatus),
    );
  }
}

function noteHumanTask(run: Run, event: HistoryEvent): void {
  const id = Number(event.details.humanTask);
  if (!Number.isInteger(id)) return;
  run.humanTask = {
    id,
    type: event.type,
    at: event.timestamp,
    status: text(event.details.status),
    user: text(event.details.user),
    comment: text(event.details.comment),
  };
}

function closeAttempt(run: Run, event: HistoryEvent, outcome: Attempt["outcome"]): void {
  const attempt = run.attempts[run.attempts.length - 1];
  if (!attempt) return;
  attempt.eventIds.push(event.id);
  attempt.endedAt = event.timestamp;
  attempt.outcome = outcome;
}

function applyTask(run: Run, event: HistoryEvent, step: string): void {
  const details = event.details;
  if (step === "Scheduled") {
    const parameters = details.parameters;
    run.failure = undefined;
    run.attempts.push({
      number: run.attempts.length + 1,
      eventIds: [event.id],
      scheduledAt: event.timestamp,
      resource: text(details.resource),
      parameters,
      idempotencyKey: idempotencyKey(details, parameters),
    });
    return;
  }
  const attempt = run.attempts[run.attempts.length - 1];
  if (!attempt) return;
  attempt.eventIds.push(event.id);
  if (step === "Started") {
    attempt.startedAt = event.timestamp;
    attempt.worker = text(details.workerName);
  } else if (step === "Succeeded") {
    attempt.endedAt = event.timestamp;
    attempt.outcome = "succeeded";
  } else if (step === "Failed" || step === "TimedOut") {
    attempt.endedAt = event.timestamp;
    attempt.outcome = step === "Failed" ? "failed" : "timed-out";
    attempt.error = text(details.error);
    attempt.cause = text(details.cause);
    run.failure = {
      eventId: event.id,
      at: event.timestamp,
      error: attempt.error,
      cause: attempt.cause,
    };
  }
}

function idempotencyKey(details: Record<string, unknown>, parameters: unknown): string | undefined {
  const own = text(details.idempotencyKey);
  if (own) return own;
  if (typeof parameters !== "object" || parameters === null) return undefined;
  const fields = parameters as Record<string, unknown>;
  return text(fields.IdempotencyKey) ?? text(fields.idempotencyKey);
}

function take(picture: Picture, scope: string, edge: string): void {
  picture.traversed.add(edge);
  picture.traversedIn.add(`${scope}|${edge}`);
}

function endEdge(run: Run, index: StateIndex, picture: Picture): void {
  const state = index.stateOf(run.pointer);
  const level = StateIndex.levelOf(run.pointer);
  const ended =
    (run.type === "Succeed" && run.status === "succeeded") ||
    (state?.End === true && run.status === "succeeded");
  if (ended) take(picture, run.scope, `${run.pointer}->end:${level}`);
}

/** How long ago, in ms, `at` was compared to `now` (for countdowns and "running for"). */
export function since(at: string, now: number): number {
  return now - millis(at);
}
