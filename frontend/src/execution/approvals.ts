/**
 * Human approvals on the live page, pure: the tasks `GET /api/human-tasks/?execution=<id>`
 * returns, which run each belongs to, what a badge says about one, and readable names for the
 * HumanTask… history events. The page's fetching is in useApprovals.ts; drawing in ApprovalBadge.
 */

import { walkStates } from "../asl/levels";
import { isObject } from "../asl/types";
import { millis, text, type HistoryEvent } from "../live/events";
import type { HumanTaskNote, Picture, Run } from "../live/fold";

export const APPROVAL_RESOURCE = "baton:approval";

export type TaskStatus =
  "OPEN" | "CLAIMED" | "ESCALATED" | "APPROVED" | "REJECTED" | "TIMED_OUT" | "CANCELLED";

export interface ApprovalTask {
  id: number;
  status: TaskStatus | string;
  title: string;
  state: string;
  assignees: string[];
  groups: string[];
  claimedBy: string;
  createdAt: string;
  dueAt?: string;
  deadlineAt?: string;
  requiredApprovals: number;
  approvalsCount: number;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
}

export const OPEN_STATUSES = new Set(["OPEN", "CLAIMED", "ESCALATED"]);

/** One page of the API's answer; a malformed row is skipped rather than break the page. */
export function parseTasks(body: unknown): { tasks: ApprovalTask[]; next?: string } {
  if (!isObject(body)) return { tasks: [] };
  const rows = Array.isArray(body.results) ? body.results : [];
  const tasks = rows.flatMap((row) => {
    const task = parseTask(row);
    return task ? [task] : [];
  });
  return { tasks, next: text(body.next) || undefined };
}

function parseTask(row: unknown): ApprovalTask | undefined {
  if (!isObject(row) || !Number.isInteger(row.id) || typeof row.status !== "string") return;
  return {
    id: row.id as number,
    status: row.status,
    title: text(row.title) ?? "",
    state: text(row.state) ?? "",
    assignees: names(row.assignees),
    groups: names(row.groups),
    claimedBy: text(row.claimed_by) ?? "",
    createdAt: text(row.created_at) ?? "",
    dueAt: text(row.due_at),
    deadlineAt: text(row.deadline_at),
    requiredApprovals: count(row.required_approvals, 1),
    approvalsCount: count(row.approvals_count, 0),
    decidedBy: text(row.decided_by) || undefined,
    decidedAt: text(row.decided_at),
    comment: text(row.comment) || undefined,
  };
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((name) => typeof name === "string") : [];
}

function count(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The pointers of the definition's `baton:approval` Task states. */
export function approvalStates(definition: unknown): Set<string> {
  const found = new Set<string>();
  if (!isObject(definition)) return found;
  for (const entry of walkStates(definition)) {
    if (entry.state.Type === "Task" && entry.state.Resource === APPROVAL_RESOURCE)
      found.add(entry.pointer);
  }
  return found;
}

/**
 * Changes whenever the approval data may have: an approval state entered, a HumanTask… event,
 * a run ending. "" while no approval state has run, so the page asks nothing.
 */
export function approvalKey(picture: Picture, pointers: ReadonlySet<string>): string {
  return picture.runs
    .filter((run) => pointers.has(run.pointer))
    .map((run) => `${run.id}:${run.status}:${run.eventIds.length}`)
    .join(",");
}

/**
 * The task of a run: the one its HumanTask… events name, else (their history is written just
 * after the task commits) the newest task of its state opened since it was entered.
 */
export function taskOfRun(run: Run, tasks: readonly ApprovalTask[]): ApprovalTask | undefined {
  const named = run.humanTask && tasks.find((task) => task.id === run.humanTask?.id);
  if (named) return named;
  const entered = millis(run.enteredAt) - CLOCK_SLACK_MS;
  let found: ApprovalTask | undefined;
  for (const task of tasks) {
    if (task.state !== run.name || !(millis(task.createdAt) >= entered)) continue;
    if (!found || millis(task.createdAt) > millis(found.createdAt)) found = task;
  }
  return found;
}

/** The engine's and the web server's clocks may differ a little. */
const CLOCK_SLACK_MS = 2000;

export function taskPage(task: ApprovalTask): string {
  return `/inbox/${task.id}/`;
}

/** Who may act: whoever claimed it, else its assignees and groups. */
export function whoOf(task: ApprovalTask): string {
  if (task.claimedBy) return `Claimed by ${task.claimedBy}`;
  const people = [...task.assignees, ...task.groups.map((group) => `${group} (group)`)];
  return people.length ? people.join(", ") : "no one named";
}

export function progressOf(task: ApprovalTask): string {
  return `${task.approvalsCount}/${task.requiredApprovals} approval${task.requiredApprovals === 1 ? "" : "s"}`;
}

/** "approved by bob", "rejected by bob: too dear", "timed out"…; undefined while open. */
export function outcomeOf(task: ApprovalTask, note?: HumanTaskNote): string | undefined {
  if (OPEN_STATUSES.has(task.status)) return undefined;
  const decided = note?.type === "HumanTaskDecided" ? note : undefined;
  const by = task.decidedBy ?? decided?.user;
  const comment = commentOf(task, note);
  if (task.status === "APPROVED") return by ? `approved by ${by}` : "approved";
  if (task.status === "REJECTED") {
    const who = by ? `rejected by ${by}` : "rejected";
    return comment ? `${who}: ${comment}` : who;
  }
  if (task.status === "TIMED_OUT") return "timed out";
  if (task.status === "CANCELLED") return "cancelled";
  return task.status.toLowerCase();
}

/** The deciding comment, from the task's record or else its HumanTaskDecided event. */
export function commentOf(task: ApprovalTask, note?: HumanTaskNote): string | undefined {
  return task.comment ?? (note?.type === "HumanTaskDecided" ? note.comment : undefined);
}

export interface DueView {
  text: string;
  overdue: boolean;
}

/** "due in 2 h" / "overdue, due 5 min ago" against `now`; undefined without a due time. */
export function dueOf(task: ApprovalTask, now: number): DueView | undefined {
  const at = task.dueAt ?? task.deadlineAt;
  if (!at) return undefined;
  const left = millis(at) - now;
  const overdue = left < 0 && OPEN_STATUSES.has(task.status);
  return { text: `${overdue ? "overdue, " : ""}due ${relative(at, now)}`, overdue };
}

/** "5 min ago", "in 2 h", "just now". */
export function relative(iso: string, now: number): string {
  const ms = millis(iso) - now;
  if (Math.abs(ms) < 45_000) return "just now";
  return ms > 0 ? `in ${span(ms)}` : `${span(-ms)} ago`;
}

/** A rough length of time: "40 s", "5 min", "3 h", "2 days". */
export function span(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

const EVENT_WORDS: Record<string, (who: string) => string> = {
  HumanTaskCreated: () => "Approval task opened",
  HumanTaskClaimed: (who) => `Approval claimed${who}`,
  HumanTaskUnclaimed: (who) => `Approval released${who}`,
  HumanTaskReassigned: (who) => `Approval reassigned${who}`,
  HumanTaskDelegated: (who) => `Approval delegated${who}`,
  HumanTaskReminded: () => "Approval reminder sent",
  HumanTaskEscalated: () => "Approval escalated",
  HumanTaskApproved: (who) => `Approved${who}`,
  HumanTaskTimedOut: () => "Approval timed out",
};

/** A HumanTask… event in words ("Approval claimed by bob"); undefined for other events. */
export function approvalEventLabel(event: HistoryEvent): string | undefined {
  if (!event.type.startsWith("HumanTask")) return undefined;
  const details = event.details;
  const who = text(details.user) ? ` by ${text(details.user)}` : "";
  let label: string;
  if (event.type === "HumanTaskDecided") {
    const status = text(details.status);
    const word =
      status === "REJECTED" ? "rejected" : status === "APPROVED" ? "approved" : "decided";
    label = `Approval decided: ${word}${who}`;
  } else {
    label = EVENT_WORDS[event.type]?.(who) ?? `Approval: ${event.type.slice("HumanTask".length)}`;
  }
  const targets = [...names(details.assignees), ...names(details.groups)];
  return targets.length ? `${label} (for ${targets.join(", ")})` : label;
}
