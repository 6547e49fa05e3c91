"""W1b: one execution through 40 Task states calling a trivial function, end to end.

The engine runs a quick function inside the transition that scheduled it (engine/inline.py).
A Task with TimeoutSeconds always goes through a task run (a row, the pool, a delivery
transaction): that path is measured too, with fewer runs, as `task_runs`.
"""

from __future__ import annotations

import time
from typing import Any

from designer.models import WorkflowVersion

from . import harness

NAME = "W1b"
TARGET = "p50 ≤ 80 ms"
STATES = 40
RUNS = 30
TASK_RUN_RUNS = 10
WARMUP = 3
WORKFLOW = "bench-w1b"
TASK_RUN_WORKFLOW = "bench-w1b-task-runs"


def definition(states: int = STATES, timeout_seconds: int | None = None) -> dict[str, Any]:
    names = [f"Task{i:02d}" for i in range(states)]
    body: dict[str, Any] = {}
    for index, name in enumerate(names):
        node: dict[str, Any] = {"Type": "Task", "Resource": harness.NOOP_ARN}
        if timeout_seconds:
            node["TimeoutSeconds"] = timeout_seconds
        if index + 1 < states:
            node["Next"] = names[index + 1]
        else:
            node["End"] = True
        body[name] = node
    return {"Comment": "bench W1b", "StartAt": names[0], "States": body}


def measure(waiter: harness.Waiter, version: WorkflowVersion, runs: int) -> dict[str, Any]:
    for _ in range(WARMUP):
        waiter.wait_for(harness.start(version, {"run": "warm-up"}))
    harness.settle_stats()
    commits_before = harness.commits()
    latencies = []
    for run_index in range(runs):
        began = time.perf_counter()
        waiter.wait_for(harness.start(version, {"run": run_index}))
        latencies.append((time.perf_counter() - began) * 1000)
    harness.settle_stats()
    commits = harness.commits() - commits_before
    return {
        "runs": runs,
        "states": STATES,
        "p50_ms": round(harness.percentile(latencies, 50), 2),
        "p95_ms": round(harness.percentile(latencies, 95), 2),
        "commits_per_state": round(commits / (runs * STATES), 3),
        "commits_per_execution": round(commits / runs, 2),
    }


def run() -> dict[str, Any]:
    harness.purge(WORKFLOW, TASK_RUN_WORKFLOW)
    version = harness.publish(WORKFLOW, definition())
    task_run_version = harness.publish(TASK_RUN_WORKFLOW, definition(timeout_seconds=300))
    waiter = harness.Waiter()
    try:
        with harness.engines(1, env=harness.FUNCTIONS_ENV):
            figures = measure(waiter, version, RUNS)
            figures["task_runs"] = measure(waiter, task_run_version, TASK_RUN_RUNS)
    finally:
        waiter.close()
    figures["load"] = harness.load()
    return figures


def summary(figures: dict[str, Any]) -> str:
    slow = figures["task_runs"]
    return (
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"{figures['commits_per_state']} commits/state "
        f"(through task runs: p50 {slow['p50_ms']} ms, {slow['commits_per_state']} commits/state)"
    )
