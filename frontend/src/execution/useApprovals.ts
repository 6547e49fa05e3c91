/**
 * The execution's human tasks from `GET /api/human-tasks/?execution=<id>` (only those the viewer
 * may see), fetched again whenever `key` changes (approvals.approvalKey: a HumanTask… event, a
 * run entering or leaving an approval state). The latest fetch wins; a failed one keeps the last.
 * A decided task's decider and comment come from its own record (the list leaves them out).
 */

import { useEffect, useState } from "react";
import { OPEN_STATUSES, parseTasks, type ApprovalTask } from "./approvals";

/** Pages followed at most: an execution with more approvals than this shows the first ones. */
const MAX_PAGES = 10;

export function useApprovals(executionId: string, key: string): ApprovalTask[] {
  const [tasks, setTasks] = useState<ApprovalTask[]>([]);
  useEffect(() => {
    if (!key) return;
    let current = true;
    fetchTasks(executionId)
      .then((found) => current && setTasks(found))
      .catch(() => undefined); // the next change asks again; the node still shows "waiting"
    return () => {
      current = false;
    };
  }, [executionId, key]);
  return tasks;
}

export async function fetchTasks(
  executionId: string,
  getJson: (url: string) => Promise<unknown> = fetchJson,
): Promise<ApprovalTask[]> {
  const tasks: ApprovalTask[] = [];
  let url: string | undefined = `/api/human-tasks/?execution=${encodeURIComponent(executionId)}`;
  for (let page = 0; url && page < MAX_PAGES; page += 1) {
    const parsed = parseTasks(await getJson(url));
    tasks.push(...parsed.tasks);
    url = parsed.next;
  }
  return Promise.all(tasks.map((task) => withDecision(task, getJson)));
}

/** A decided task's decider and comment, which the list leaves out, from the task itself. */
async function withDecision(
  task: ApprovalTask,
  getJson: (url: string) => Promise<unknown>,
): Promise<ApprovalTask> {
  if (OPEN_STATUSES.has(task.status) || task.decidedBy) return task;
  try {
    const body = await getJson(`/api/human-tasks/${task.id}/`);
    const full = parseTasks({ results: [body] }).tasks[0];
    return full ? { ...task, ...pick(full) } : task;
  } catch {
    return task; // the outcome without its decider still reads "approved"
  }
}

function pick(full: ApprovalTask): Partial<ApprovalTask> {
  const { decidedBy, decidedAt, comment } = full;
  return { decidedBy, decidedAt, comment };
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}
