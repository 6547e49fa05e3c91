/** What the page draws from a Picture: a status per node, Map progress, branches, the failure. */

import { StateIndex } from "./definition";
import type { HistoryEvent } from "./events";
import type { IterationStatus, Picture, Run, StepStatus } from "./fold";

/** When several runs share a node (Map iterations), the most telling status is shown. */
const WEIGHT: StepStatus[] = [
  "not-started",
  "succeeded",
  "aborted",
  "caught",
  "waiting",
  "running",
  "retrying",
  "failed",
];

export interface NodeLive {
  status: StepStatus;
  run: Run;
  runs: number;
}

/**
 * The status of every node that ran in `scope` ("" = the whole execution, iterations of a Map
 * merged; "/States/Items#3" = only the runs of that iteration, and the states around it).
 */
export function nodeStatuses(picture: Picture, scope = ""): Map<string, NodeLive> {
  const latest = new Map<string, Run>();
  for (const run of picture.runs) {
    if (!inScope(run, scope)) continue;
    latest.set(`${run.scope}|${run.pointer}`, run);
  }
  const result = new Map<string, NodeLive>();
  for (const run of latest.values()) {
    const known = result.get(run.pointer);
    if (!known) result.set(run.pointer, { status: run.status, run, runs: 1 });
    else {
      known.runs += 1;
      if (WEIGHT.indexOf(run.status) > WEIGHT.indexOf(known.status)) {
        known.status = run.status;
        known.run = run;
      }
    }
  }
  return result;
}

/** A run is in "" (everything) or in an iteration's scope, nested iterations included. */
export function inScope(run: Run, scope: string): boolean {
  return !scope || run.scope === scope || run.scope.startsWith(`${scope}/`);
}

export interface MapProgress {
  total: number;
  done: number;
  running: number;
  succeeded: number;
  failed: number;
  aborted: number;
}

export function mapProgress(run: Run): MapProgress {
  const count = (status: IterationStatus) =>
    [...run.iterations.values()].filter((value) => value === status).length;
  const succeeded = count("succeeded");
  const failed = count("failed");
  const aborted = count("aborted");
  return {
    total: run.length ?? 0,
    done: succeeded + failed + aborted,
    running: count("running"),
    succeeded,
    failed,
    aborted,
  };
}

/** Each Parallel branch's status in the Parallel's latest attempt. */
export function branchStatuses(picture: Picture, parallel: Run, branches: number): StepStatus[] {
  const start = parallel.attempts[parallel.attempts.length - 1]?.eventIds[0] ?? parallel.id;
  return Array.from({ length: branches }, (_, i) => {
    const prefix = `${parallel.pointer}/Branches/${i}/`;
    const runs = picture.runs.filter(
      (run) => run.id > start && run.scope === parallel.scope && run.pointer.startsWith(prefix),
    );
    if (runs.some((run) => run.status === "failed")) return "failed";
    const last = runs[runs.length - 1];
    if (!last) return parallel.status === "running" ? "running" : "not-started";
    if (last.status === "aborted") return "aborted";
    const ended = StateIndex.levelOf(last.pointer) === prefix.slice(0, -1) && isEnd(last);
    return ended ? "succeeded" : last.status === "succeeded" ? "running" : last.status;
  });
}

function isEnd(run: Run): boolean {
  return run.type === "Succeed" || (run.exitedId !== undefined && run.status !== "caught");
}

export interface FailureSummary {
  run?: Run;
  error?: string;
  cause?: string;
  /** The last few events before the execution ended. */
  leadUp: HistoryEvent[];
  retries: number;
}

/** Where a FAILED / TIMED_OUT / ABORTED execution broke: its earliest failure since the last start. */
export function failureOf(picture: Picture, leadUp = 6): FailureSummary | undefined {
  const end = picture.execution;
  if (end.status === "RUNNING" || end.status === "SUCCEEDED") return undefined;
  const restart = [...picture.events]
    .reverse()
    .find((event) => event.type === "ExecutionRedriven" || event.type === "ExecutionStarted");
  const since = restart?.id ?? 0;
  const candidates = picture.runs.filter(
    (run) =>
      (run.status === "failed" || run.status === "aborted") &&
      (run.failure?.eventId ?? run.eventIds[run.eventIds.length - 1]) > since,
  );
  const failedOnes = candidates.filter((run) => run.status === "failed");
  const pool = failedOnes.length > 0 ? failedOnes : candidates;
  const key = (run: Run) => run.failure?.eventId ?? run.eventIds[run.eventIds.length - 1];
  const run = [...pool].sort((a, b) => key(a) - key(b))[
    end.status === "ABORTED" ? pool.length - 1 : 0
  ];
  const until = end.eventId ?? Infinity;
  return {
    run,
    error: end.error ?? run?.failure?.error,
    cause: end.cause ?? run?.failure?.cause,
    leadUp: picture.events.filter((event) => event.id <= until).slice(-leadUp),
    retries: run ? Math.max(0, run.attempts.length - 1) : 0,
  };
}

/** The edges taken inside one Map iteration's scope (its nested iterations not included). */
export function traversedIn(picture: Picture, scope: string): Set<string> {
  const edges = new Set<string>();
  const prefix = `${scope}|`;
  for (const key of picture.traversedIn)
    if (key.startsWith(prefix)) edges.add(key.slice(prefix.length));
  return edges;
}
