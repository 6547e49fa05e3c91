import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ingest, type EventStore, type HistoryEvent } from "../src/live/events";
import { fold, type Picture } from "../src/live/fold";
import { branchStatuses, failureOf, mapProgress, nodeStatuses } from "../src/live/views";

/** A real history (engine + make-thumbnail): Wait, a Task failing once then retried, a Map of 3, a Parallel with a caught Fail. */
const demo = JSON.parse(
  readFileSync(new URL("./fixtures/live-demo.json", import.meta.url), "utf8"),
) as { definition: Record<string, unknown>; events: HistoryEvent[] };
const { definition, events } = demo;

const store = (list: HistoryEvent[]): EventStore => ingest(new Map(), list);
const upTo = (id: number) => events.filter((event) => event.id <= id);
const statuses = (picture: Picture, scope = "") =>
  Object.fromEntries([...nodeStatuses(picture, scope)].map(([id, live]) => [id, live.status]));
const shape = (picture: Picture) => ({
  statuses: statuses(picture),
  traversed: [...picture.traversed].sort(),
  execution: picture.execution,
  runs: picture.runs.map((run) => [
    run.id,
    run.pointer,
    run.scope,
    run.status,
    run.attempts.length,
  ]),
});

const event = (id: number, previous: number, type: string, details = {}): HistoryEvent => ({
  id,
  previous_event_id: previous,
  type,
  timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString(),
  details,
});

describe("the live fold", () => {
  it("ingesting every event twice draws the same picture as once", () => {
    const once = fold(definition, store(events));
    const twice = fold(definition, ingest(store(events), events));
    expect(shape(twice)).toEqual(shape(once));
    expect(twice.events).toHaveLength(events.length);
  });

  it("events arriving out of order, in pieces, draw the same picture", () => {
    const shuffled = [...events].reverse();
    let pieces: EventStore = new Map();
    for (let i = 0; i < shuffled.length; i += 5) pieces = ingest(pieces, shuffled.slice(i, i + 5));
    expect(shape(fold(definition, pieces))).toEqual(shape(fold(definition, store(events))));
  });

  it("the finished demo: every state succeeded, the Parallel caught, the Fail failed", () => {
    const picture = fold(definition, store(events));
    expect(picture.execution.status).toBe("SUCCEEDED");
    expect(statuses(picture)).toEqual({
      "/States/Pause": "succeeded",
      "/States/Thumbnail": "succeeded",
      "/States/Items": "succeeded",
      "/States/Items/ItemProcessor/States/Double": "succeeded",
      "/States/Both": "caught",
      "/States/Both/Branches/0/States/Left": "succeeded",
      "/States/Both/Branches/1/States/Right": "failed",
      "/States/Done": "succeeded",
    });
  });

  it("a Wait just entered is waiting on a timer that ends Seconds after it was entered", () => {
    const run = fold(definition, store(upTo(2))).runs[0];
    expect(run.status).toBe("waiting");
    expect(run.wait).toEqual({ on: "timer", until: Date.parse(run.enteredAt) + 1000 });
  });

  it("retry: a failed attempt with a retrier left is retrying, attempt 2 of 4, about 1 s after the failure", () => {
    const picture = fold(definition, store(upTo(7)));
    const task = picture.runs.find((run) => run.name === "Thumbnail")!;
    expect(task.status).toBe("retrying");
    const failedAt = Date.parse(events.find((e) => e.id === 7)!.timestamp);
    expect(task.retry).toEqual({ attempt: 2, of: 4, at: failedAt + 1000 });
    const done = fold(definition, store(events)).runs.find((run) => run.name === "Thumbnail")!;
    expect(done.attempts.map((a) => a.outcome)).toEqual(["failed", "succeeded"]);
    expect(done.attempts[0].error).toBe("ImageServiceBusy");
  });

  it("retry: once MaxAttempts are spent, the next failure is final", () => {
    const def = {
      StartAt: "T",
      States: {
        T: {
          Type: "Task",
          Resource: "x",
          End: true,
          Retry: [{ ErrorEquals: ["Oops"], MaxAttempts: 1, BackoffRate: 3, IntervalSeconds: 2 }],
        },
      },
    };
    const list = [
      event(1, 0, "ExecutionStarted"),
      event(2, 0, "TaskStateEntered", { name: "T" }),
      event(3, 2, "TaskScheduled", { resource: "x" }),
      event(4, 3, "TaskFailed", { error: "Oops", cause: "one" }),
    ];
    expect(fold(def, store(list)).runs[0].retry).toMatchObject({ attempt: 2, of: 2 });
    list.push(
      event(5, 4, "TaskScheduled", { resource: "x" }),
      event(6, 5, "TaskFailed", { error: "Oops" }),
    );
    expect(fold(def, store(list)).runs[0].status).toBe("failed");
  });

  it("map: iterations are counted and each iteration's states are scoped to it", () => {
    const middle = fold(definition, store(upTo(21)));
    const map = middle.runs.find((run) => run.name === "Items")!;
    expect(mapProgress(map)).toMatchObject({ total: 3, done: 1, running: 2, succeeded: 1 });
    expect(statuses(middle)["/States/Items/ItemProcessor/States/Double"]).toBe("running");
    expect(statuses(middle, "/States/Items#0")["/States/Items/ItemProcessor/States/Double"]).toBe(
      "succeeded",
    );
    const done = fold(definition, store(events)).runs.find((run) => run.name === "Items")!;
    expect(mapProgress(done)).toMatchObject({ total: 3, done: 3, succeeded: 3, running: 0 });
  });

  it("parallel: each branch has its own status", () => {
    const picture = fold(definition, store(events));
    const both = picture.runs.find((run) => run.name === "Both")!;
    expect(branchStatuses(picture, both, 2)).toEqual(["succeeded", "failed"]);
  });

  it("catch: the caught state's way to its catcher is on the path taken, not its end", () => {
    const picture = fold(definition, store(events));
    expect(picture.traversed).toContain("/States/Both->/States/Done");
    expect(picture.traversed).toContain("start:->/States/Pause");
    expect(picture.traversed).toContain("/States/Done->end:");
    expect(picture.traversed).not.toContain(
      "/States/Both/Branches/1/States/Right->end:/States/Both/Branches/1",
    );
  });

  it("failure: a task that fails for good names itself, its error, cause and retries", () => {
    const def = { StartAt: "T", States: { T: { Type: "Task", Resource: "x", End: true } } };
    const list = [
      event(1, 0, "ExecutionStarted", { input: { a: 1 } }),
      event(2, 1, "TaskStateEntered", { name: "T", input: { a: 1 } }),
      event(3, 2, "TaskScheduled", { resource: "x" }),
      event(4, 3, "TaskFailed", { error: "Boom", cause: "bad" }),
      event(5, 4, "ExecutionFailed", { error: "Boom", cause: "bad" }),
    ];
    const picture = fold(def, store(list));
    const failure = failureOf(picture)!;
    expect([failure.run?.name, failure.error, failure.cause, failure.retries]).toEqual([
      "T",
      "Boom",
      "bad",
      0,
    ]);
    expect(failure.run?.input).toEqual({ a: 1 });
    expect(failure.leadUp.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(failureOf(fold(definition, store(events)))).toBeUndefined();
  });

  it("aborted: a stop marks what was in progress aborted", () => {
    const list = [...upTo(2), event(3, 2, "WaitStateAborted"), event(4, 3, "ExecutionAborted", {})];
    const picture = fold(definition, store(list));
    expect(picture.runs[0].status).toBe("aborted");
    expect(failureOf(picture)?.run?.name).toBe("Pause");
  });
});

describe("the marks the canvas draws", () => {
  it("every state has one, with the word, and a Map its progress", async () => {
    const { liveMarks } = await import("../src/execution/marks");
    const marks = liveMarks(definition, fold(definition, store(upTo(21))));
    expect(marks.get("/States/Both")).toEqual({ status: "not-started", label: "not started" });
    expect(marks.get("/States/Items")?.progress).toMatchObject({ done: 1, total: 3 });
    const retrying = liveMarks(definition, fold(definition, store(upTo(7))));
    expect(retrying.get("/States/Thumbnail")?.detail).toBe("attempt 2 of 4, next try in about");
  });

  it("a sub-workflow Task's node links to the child execution it started", async () => {
    const { liveMarks } = await import("../src/execution/marks");
    const def = {
      StartAt: "Sub",
      States: {
        Sub: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync:2", End: true },
      },
    };
    const list = [
      event(1, 0, "ExecutionStarted"),
      event(2, 1, "TaskStateEntered", { name: "Sub" }),
      event(3, 2, "TaskScheduled", { resource: "arn:aws:states:::states:startExecution.sync:2" }),
    ];
    const marks = liveMarks(def, fold(def, store(list)), "", ["child-1"]);
    expect(marks.get("/States/Sub")).toMatchObject({ status: "waiting", children: ["child-1"] });
  });
});
