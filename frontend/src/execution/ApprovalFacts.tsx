/** The step panel's part for an approval state: its task, who may act, times, the outcome. */

import { useNow } from "../canvas/nodes/LiveBadge";
import type { Run } from "../live/fold";
import {
  commentOf,
  dueOf,
  OPEN_STATUSES,
  outcomeOf,
  progressOf,
  relative,
  taskOfRun,
  taskPage,
  whoOf,
  type ApprovalTask,
} from "./approvals";
import { Time } from "./Time";

export function ApprovalFacts({ run, tasks }: { run: Run; tasks: readonly ApprovalTask[] }) {
  useNow(15_000); // see ApprovalBadge
  const now = Date.now();
  const task = taskOfRun(run, tasks);
  if (!task) return null;
  const open = OPEN_STATUSES.has(task.status);
  const due = open ? dueOf(task, now) : undefined;
  const comment = open ? undefined : commentOf(task, run.humanTask);
  return (
    <section className="bt-step__approval" data-testid="step-approval" data-task={task.id}>
      <h3>Approval</h3>
      <dl className="facts small">
        <dt>Task</dt>
        <dd>
          <a href={taskPage(task)} data-testid="step-approval-link">
            {task.title || `Task ${task.id}`}
          </a>
        </dd>
        <dt>Status</dt>
        <dd data-testid="step-approval-status">
          {outcomeOf(task, run.humanTask) ?? statusWords(task)}
        </dd>
        {comment && task.status !== "REJECTED" ? (
          <>
            <dt>Comment</dt>
            <dd className="bt-break">{comment}</dd>
          </>
        ) : null}
        <dt>For</dt>
        <dd>{forWhom(task)}</dd>
        <dt>{open ? "Waiting since" : "Opened"}</dt>
        <dd>
          <Time iso={task.createdAt} withDate />
          {open ? ` (${relative(task.createdAt, now)})` : ""}
        </dd>
        {task.decidedAt ? (
          <>
            <dt>Decided</dt>
            <dd>
              <Time iso={task.decidedAt} withDate />
            </dd>
          </>
        ) : null}
        {due ? (
          <>
            <dt>Due</dt>
            <dd className={due.overdue ? "bt-approval__late" : undefined}>
              <Time iso={task.dueAt ?? task.deadlineAt} withDate /> ({due.text})
            </dd>
          </>
        ) : null}
        <dt>Approvals</dt>
        <dd>{progressOf(task)}</dd>
      </dl>
    </section>
  );
}

/** The assignees and groups, whoever claimed it since. */
function forWhom(task: ApprovalTask): string {
  return whoOf({ ...task, claimedBy: "" });
}

function statusWords(task: ApprovalTask): string {
  if (task.status === "CLAIMED") return `claimed by ${task.claimedBy}`;
  return task.status === "ESCALATED" ? "escalated, waiting" : "waiting";
}
