"""W3: one Map over 1,000 items, MaxConcurrency 50, each iteration one Task (bench-noop).

max_in_flight comes from the history: iterations started but not yet ended, replayed in
event id order from MapIterationStarted / MapIterationSucceeded|Failed.
"""

from __future__ import annotations

import time
from typing import Any

from . import harness

NAME = "W3"
TARGET = "≤ 1.5 s, in flight ≤ 50"
ITEMS = 1000
MAX_CONCURRENCY = 50
WARMUP_ITEMS = 20
WORKFLOW = "bench-w3"


def definition(max_concurrency: int = MAX_CONCURRENCY) -> dict[str, Any]:
    return {
        "Comment": "bench W3",
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "MaxConcurrency": max_concurrency,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "INLINE"},
                    "StartAt": "Call",
                    "States": {"Call": {"Type": "Task", "Resource": harness.NOOP_ARN, "End": True}},
                },
                "ResultPath": None,
                "End": True,
            }
        },
    }


def max_in_flight(execution_id: str) -> tuple[int, int]:
    """(most iterations in flight at once, iterations that ended) from the history."""
    running: set[int] = set()
    most = ended = 0
    kinds = ["MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed"]
    for _, kind, _, details in harness.events(execution_id, kinds):
        if kind == "MapIterationStarted":
            running.add(details["index"])
            most = max(most, len(running))
        else:
            running.discard(details["index"])
            ended += 1
    return most, ended


def run() -> dict[str, Any]:
    harness.purge(WORKFLOW)
    version = harness.publish(WORKFLOW, definition())
    waiter = harness.Waiter()
    try:
        with harness.engines(1, env=harness.FUNCTIONS_ENV):
            waiter.wait_for(harness.start(version, {"items": list(range(WARMUP_ITEMS))}))
            began = time.perf_counter()
            execution_id = harness.start(version, {"items": list(range(ITEMS))})
            waiter.wait_for(execution_id, timeout=60)
            seconds = time.perf_counter() - began
    finally:
        waiter.close()
    most, ended = max_in_flight(execution_id)
    figures = {
        "items": ITEMS,
        "max_concurrency": MAX_CONCURRENCY,
        "seconds": round(seconds, 3),
        "max_in_flight": most,
        "iterations_ended": ended,
        "load": harness.load(),
    }
    harness.purge(WORKFLOW)
    return figures


def summary(figures: dict[str, Any]) -> str:
    return (
        f"{figures['seconds']} s, max in flight {figures['max_in_flight']} "
        f"({figures['iterations_ended']} iterations ended)"
    )
