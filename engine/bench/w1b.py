"""W1b: one execution through 40 Task states calling a trivial function, end to end."""

from __future__ import annotations

import time
from typing import Any

from . import harness

NAME = "W1b"
TARGET = "p50 ≤ 80 ms"
STATES = 40
RUNS = 30
WARMUP = 3


def definition(states: int = STATES) -> dict[str, Any]:
    names = [f"Task{i:02d}" for i in range(states)]
    body: dict[str, Any] = {}
    for index, name in enumerate(names):
        node: dict[str, Any] = {"Type": "Task", "Resource": harness.NOOP_ARN}
        if index + 1 < states:
            node["Next"] = names[index + 1]
        else:
            node["End"] = True
        body[name] = node
    return {"Comment": "bench W1b", "StartAt": names[0], "States": body}


def run() -> dict[str, Any]:
    harness.purge("bench-w1b")
    version = harness.publish("bench-w1b", definition())
    waiter = harness.Waiter()
    try:
        with harness.engines(1, env=harness.FUNCTIONS_ENV):
            for _ in range(WARMUP):
                waiter.wait_for(harness.start(version, {"run": "warm-up"}))
            harness.settle_stats()
            commits_before = harness.commits()
            latencies = []
            for run_index in range(RUNS):
                began = time.perf_counter()
                waiter.wait_for(harness.start(version, {"run": run_index}))
                latencies.append((time.perf_counter() - began) * 1000)
            harness.settle_stats()
            commits = harness.commits() - commits_before
    finally:
        waiter.close()
    return {
        "runs": RUNS,
        "states": STATES,
        "p50_ms": round(harness.percentile(latencies, 50), 2),
        "p95_ms": round(harness.percentile(latencies, 95), 2),
        "commits_per_state": round(commits / (RUNS * STATES), 3),
        "commits_per_execution": round(commits / RUNS, 2),
    }


def summary(figures: dict[str, Any]) -> str:
    return (
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"{figures['commits_per_state']} commits/state"
    )
