/** The picture as marks on the canvas's state nodes: status word, countdowns, Map and branch counts. */

import { walkStates } from "../asl/levels";
import { isObject } from "../asl/types";
import type { LiveMark } from "../canvas/types";
import type { Picture, Run, StepStatus } from "../live/fold";
import { branchStatuses, inScope, mapProgress, nodeStatuses } from "../live/views";

export const STATUS_WORDS: Record<StepStatus, string> = {
  "not-started": "not started",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  caught: "caught",
  retrying: "retrying",
  waiting: "waiting",
  aborted: "aborted",
};

const WAITING_ON = {
  timer: "timer ends in",
  callback: "on a callback (task token)",
  activity: "on an activity worker",
  child: "on the child execution",
  approval: "on an approval",
};

/** One mark per state of the definition (absolute pointers), in `scope` (see nodeStatuses). */
export function liveMarks(
  definition: unknown,
  picture: Picture,
  scope = "",
  children: readonly string[] = [],
): Map<string, LiveMark> {
  const childOf = childExecutions(picture, children);
  const statuses = nodeStatuses(picture, scope);
  const marks = new Map<string, LiveMark>();
  if (!isObject(definition)) return marks;
  for (const entry of walkStates(definition)) {
    const live = statuses.get(entry.pointer);
    if (!live) {
      marks.set(entry.pointer, { status: "not-started", label: STATUS_WORDS["not-started"] });
      continue;
    }
    const latest = latestRun(picture, entry.pointer, scope) ?? live.run;
    const mark: LiveMark = {
      status: live.status,
      label: STATUS_WORDS[live.status],
      ...detailOf(live.run),
    };
    if (entry.state.Type === "Map" && latest.length !== undefined)
      mark.progress = mapProgress(latest);
    if (entry.state.Type === "Parallel" && Array.isArray(entry.state.Branches)) {
      mark.branches = branchStatuses(picture, latest, entry.state.Branches.length);
    }
    const child = childOf.get(latest.id);
    if (child) mark.children = [child];
    if (live.runs > 1 && !mark.detail && !mark.progress) mark.detail = `${live.runs} runs`;
    marks.set(entry.pointer, mark);
  }
  return marks;
}

function detailOf(run: Run): Pick<LiveMark, "detail" | "until"> {
  if (run.status === "retrying" && run.retry) {
    return {
      detail: `attempt ${run.retry.attempt} of ${run.retry.of}, next try in about`,
      until: run.retry.at,
    };
  }
  if (run.status === "waiting" && run.wait) {
    return { detail: WAITING_ON[run.wait.on], until: run.wait.until };
  }
  if (run.attempts.length > 1 && run.type === "Task")
    return { detail: `attempt ${run.attempts.length}` };
  return {};
}

export function latestRun(picture: Picture, pointer: string, scope = ""): Run | undefined {
  let found: Run | undefined;
  for (const run of picture.runs) {
    if (run.pointer !== pointer) continue;
    if (!inScope(run, scope)) continue;
    found = run;
  }
  return found;
}

/** Child executions (the REST record's `children`, oldest first) matched to the sub-workflow
 * Task runs that started them, in order. */
function childExecutions(picture: Picture, children: readonly string[]): Map<number, string> {
  const runs = picture.runs.filter((run) =>
    run.attempts.some((attempt) => /states:startExecution/.test(attempt.resource ?? "")),
  );
  return new Map(runs.flatMap((run, i) => (children[i] ? [[run.id, children[i]] as const] : [])));
}
