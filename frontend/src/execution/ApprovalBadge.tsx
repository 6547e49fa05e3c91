/**
 * A waiting approval on its node: who may act, since when, when it is due (red once overdue),
 * approvals so far, a link to the task page; its outcome once decided. Hooks: docs/ui-testing.md.
 */

import "./approvals.css";
import type { LiveMark } from "../canvas/types";
import { useNow } from "../canvas/nodes/LiveBadge";
import type { HumanTaskNote, Picture } from "../live/fold";
import {
  dueOf,
  outcomeOf,
  progressOf,
  relative,
  taskOfRun,
  taskPage,
  whoOf,
  type ApprovalTask,
} from "./approvals";
import { latestRun } from "./marks";

/** Relative times move on this often. */
const TICK_MS = 15_000;

export function ApprovalBadge({ task, note }: { task: ApprovalTask; note?: HumanTaskNote }) {
  useNow(TICK_MS); // draws again as time passes; a new task draws at once, with the time now
  const now = Date.now();
  const outcome = outcomeOf(task, note);
  const due = outcome ? undefined : dueOf(task, now);
  const modifier = outcome ? " bt-approval--done" : due?.overdue ? " bt-approval--late" : "";
  return (
    <span
      className={`bt-approval${modifier}`}
      data-testid="approval-badge"
      data-task={task.id}
      data-task-status={task.status}
    >
      <span className="bt-approval__who" title={`Who may act: ${whoOf(task)}`}>
        {task.claimedBy ? "" : "For "}
        {whoOf(task)}
      </span>
      {outcome ? (
        <span className="bt-approval__outcome" data-testid="approval-outcome">
          {outcome}
        </span>
      ) : (
        <span title={task.createdAt}>waiting since {relative(task.createdAt, now)}</span>
      )}
      {due ? (
        <span className={due.overdue ? "bt-approval__late" : undefined} data-testid="approval-due">
          {due.overdue ? <span aria-hidden="true">⚠ </span> : null}
          {due.text}
        </span>
      ) : null}
      <span className="bt-approval__foot">
        <span data-testid="approval-count">{progressOf(task)}</span>
        <a className="nopan" href={taskPage(task)} data-testid="approval-link">
          Open task ↗
        </a>
      </span>
    </span>
  );
}

/** The marks with a badge on each approval state whose task the viewer may see. */
export function withApprovals(
  marks: Map<string, LiveMark>,
  picture: Picture,
  pointers: ReadonlySet<string>,
  tasks: readonly ApprovalTask[],
  scope = "",
): Map<string, LiveMark> {
  if (tasks.length === 0) return marks;
  const next = new Map(marks);
  for (const pointer of pointers) {
    const run = latestRun(picture, pointer, scope);
    const task = run && taskOfRun(run, tasks);
    const mark = marks.get(pointer);
    if (!run || !task || !mark) continue;
    next.set(pointer, { ...mark, extra: <ApprovalBadge task={task} note={run.humanTask} /> });
  }
  return next;
}
