import { describe, expect, it } from "vitest";
import {
  approvalEventLabel,
  approvalKey,
  approvalStates,
  dueOf,
  outcomeOf,
  parseTasks,
  progressOf,
  relative,
  taskOfRun,
  whoOf,
  type ApprovalTask,
} from "../src/execution/approvals";
import { liveMarks } from "../src/execution/marks";
import { fetchTasks } from "../src/execution/useApprovals";
import { ingest, type HistoryEvent } from "../src/live/events";
import { fold } from "../src/live/fold";

const definition = {
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Next: "Approve" },
    Approve: {
      Type: "Task",
      Resource: "baton:approval",
      Parameters: { Title: "Expense", Groups: ["approvers"] },
      End: true,
    },
  },
};

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const event = (id: number, previous: number, type: string, details = {}): HistoryEvent => ({
  id,
  previous_event_id: previous,
  type,
  timestamp: at(id),
  details,
});

/** A run of the workflow up to the approval waiting, as the engine writes it. */
const waiting = [
  event(1, 0, "ExecutionStarted"),
  event(2, 1, "PassStateEntered", { name: "Prepare" }),
  event(3, 2, "PassStateExited", { name: "Prepare" }),
  event(4, 3, "TaskStateEntered", { name: "Approve" }),
  event(5, 4, "TaskScheduled", { resource: "baton:approval", parameters: {} }),
  event(6, 5, "HumanTaskCreated", {
    humanTask: 7,
    status: "OPEN",
    assignees: [],
    groups: ["approvers"],
  }),
];
const decided = [
  ...waiting,
  event(7, 6, "HumanTaskClaimed", { humanTask: 7, status: "CLAIMED", user: "bob" }),
  event(8, 7, "HumanTaskApproved", { humanTask: 7, status: "APPROVED", user: "bob" }),
  event(9, 8, "HumanTaskDecided", { humanTask: 7, status: "APPROVED", user: "bob", comment: "ok" }),
  event(10, 9, "TaskSucceeded", { output: { decision: "approved" } }),
  event(11, 10, "TaskStateExited", { name: "Approve", output: {} }),
  event(12, 11, "ExecutionSucceeded", { output: {} }),
];
const picture = (events: HistoryEvent[]) => fold(definition, ingest(new Map(), events));
const approveRun = (events: HistoryEvent[]) =>
  picture(events).runs.find((run) => run.name === "Approve")!;

/** A row as GET /api/human-tasks/?execution=<id> returns it (approvals/api/serializers.py). */
const row = (fields: Record<string, unknown> = {}) => ({
  id: 7,
  status: "OPEN",
  title: "Expense",
  execution: "e1",
  state: "Approve",
  workflow: "expenses",
  assignees: [],
  groups: ["approvers"],
  claimed_by: "",
  requested_by: "alice",
  priority: "normal",
  created_at: at(6),
  due_at: at(3606),
  deadline_at: null,
  required_approvals: 2,
  approvals_count: 1,
  url: "/inbox/7/",
  ...fields,
});
const task = (fields: Record<string, unknown> = {}): ApprovalTask =>
  parseTasks({ results: [row(fields)], next: null }).tasks[0];

describe("approvals in the live fold", () => {
  it("an approval state waits on an approval, and its HumanTask events leave its status alone", () => {
    const run = approveRun(waiting);
    expect(run.status).toBe("waiting");
    expect(run.wait).toEqual({ on: "approval" });
    expect(run.humanTask).toMatchObject({ id: 7, type: "HumanTaskCreated", status: "OPEN" });
    const claimed = approveRun([...waiting, decided[6], decided[7]]);
    expect(claimed.status).toBe("waiting");
    expect(claimed.eventIds).toContain(8);
  });

  it("the run ends as its task does, and remembers who decided", () => {
    const run = approveRun(decided);
    expect(run.status).toBe("succeeded");
    expect(run.humanTask).toMatchObject({ type: "HumanTaskDecided", user: "bob", comment: "ok" });
  });

  it("an unknown HumanTask event of the future is kept in the history without a fuss", () => {
    const later = [...waiting, event(7, 6, "HumanTaskSnoozed", { humanTask: 7, user: "bob" })];
    const seen = picture(later);
    expect(seen.events.map((e) => e.type)).toContain("HumanTaskSnoozed");
    expect(seen.runs.find((run) => run.name === "Approve")!.status).toBe("waiting");
  });

  it("the node's detail line says it waits on an approval", () => {
    const marks = liveMarks(definition, picture(waiting));
    expect(marks.get("/States/Approve")).toMatchObject({
      status: "waiting",
      detail: "on an approval",
    });
  });
});

describe("the approval tasks of an execution", () => {
  it("the API's rows are read into tasks; a malformed row is skipped", () => {
    const parsed = parseTasks({ results: [row(), { id: "x" }, null], next: "/api/next" });
    expect(parsed.next).toBe("/api/next");
    expect(parsed.tasks).toEqual([
      {
        id: 7,
        status: "OPEN",
        title: "Expense",
        state: "Approve",
        assignees: [],
        groups: ["approvers"],
        claimedBy: "",
        createdAt: at(6),
        dueAt: at(3606),
        deadlineAt: undefined,
        requiredApprovals: 2,
        approvalsCount: 1,
        decidedBy: undefined,
        decidedAt: undefined,
        comment: undefined,
      },
    ]);
    expect(parseTasks({ detail: "nope" })).toEqual({ tasks: [] });
  });

  it("no task visible to the viewer: nothing to show", () => {
    expect(parseTasks({ results: [], next: null }).tasks).toEqual([]);
  });

  it("a run's task is the one its events name, else the newest of its state since it entered", () => {
    const run = approveRun(waiting);
    const named = task();
    const other = task({ id: 9, created_at: at(8) });
    expect(taskOfRun(run, [other, named])?.id).toBe(7);
    const unnamed = { ...run, humanTask: undefined };
    expect(taskOfRun(unnamed, [named, other])?.id).toBe(9);
    const before = task({ id: 3, created_at: at(-60) });
    expect(taskOfRun(unnamed, [before])).toBeUndefined();
    expect(taskOfRun(unnamed, [task({ state: "Elsewhere" })])).toBeUndefined();
  });

  it("only the definition's baton:approval Tasks are approval states", () => {
    expect([...approvalStates(definition)]).toEqual(["/States/Approve"]);
  });

  it("the refetch key changes with each HumanTask event and with the run's end, not before the state", () => {
    const pointers = approvalStates(definition);
    expect(approvalKey(picture(waiting.slice(0, 3)), pointers)).toBe("");
    const keys = [5, 6, 7, 8, 10, 11].map((n) =>
      approvalKey(picture(decided.slice(0, n)), pointers),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("the pages of the list are followed; a decided task's decider comes from its record", async () => {
    const asked: string[] = [];
    const answers: Record<string, unknown> = {
      "/api/human-tasks/?execution=e1": { results: [row()], next: "/api/human-tasks/?cursor=2" },
      "/api/human-tasks/?cursor=2": {
        results: [row({ id: 8, status: "REJECTED" })],
        next: null,
      },
      "/api/human-tasks/8/": row({ id: 8, status: "REJECTED", decided_by: "bob", comment: "no" }),
    };
    const tasks = await fetchTasks("e1", async (url) => {
      asked.push(url);
      return answers[url];
    });
    expect(tasks.map((t) => [t.id, t.decidedBy, t.comment])).toEqual([
      [7, undefined, undefined],
      [8, "bob", "no"],
    ]);
    expect(asked).toHaveLength(3);
  });
});

describe("what the badge says", () => {
  const now = Date.parse(at(6)) + 10 * 60_000;

  it("who may act: the assignees and groups, or whoever claimed it", () => {
    expect(whoOf(task({ assignees: ["dave"] }))).toBe("dave, approvers (group)");
    expect(whoOf(task({ claimed_by: "bob" }))).toBe("Claimed by bob");
  });

  it("waiting since, due, and approvals so far out of required", () => {
    expect(relative(at(6), now)).toBe("10 min ago");
    expect(dueOf(task(), now)).toEqual({ text: "due in 50 min", overdue: false });
    expect(progressOf(task())).toBe("1/2 approvals");
    expect(progressOf(task({ required_approvals: 1, approvals_count: 0 }))).toBe("0/1 approval");
  });

  it("an open task past its due time is overdue; a decided one is not", () => {
    const late = task({ due_at: at(0) });
    expect(dueOf(late, now)).toEqual({ text: "overdue, due 10 min ago", overdue: true });
    expect(dueOf({ ...late, status: "APPROVED" }, now)?.overdue).toBe(false);
    expect(dueOf(task({ due_at: null }), now)).toBeUndefined();
  });

  it("the outcome: approved by, rejected by with the comment, timed out, cancelled", () => {
    expect(outcomeOf(task())).toBeUndefined();
    expect(outcomeOf(task({ status: "APPROVED", decided_by: "bob" }))).toBe("approved by bob");
    const note = { id: 7, type: "HumanTaskDecided", at: at(9), user: "dave", comment: "too dear" };
    expect(outcomeOf(task({ status: "REJECTED" }), note)).toBe("rejected by dave: too dear");
    expect(outcomeOf(task({ status: "TIMED_OUT" }))).toBe("timed out");
    expect(outcomeOf(task({ status: "CANCELLED" }))).toBe("cancelled");
  });

  it("the history names each HumanTask event in words", () => {
    const labels = decided.slice(5, 9).map(approvalEventLabel);
    expect(labels).toEqual([
      "Approval task opened (for approvers)",
      "Approval claimed by bob",
      "Approved by bob",
      "Approval decided: approved by bob",
    ]);
    expect(approvalEventLabel(decided[3])).toBeUndefined();
    expect(approvalEventLabel(event(20, 6, "HumanTaskTimedOut", { humanTask: 7 }))).toBe(
      "Approval timed out",
    );
  });
});
