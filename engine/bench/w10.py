"""W10: failover. Two engines run executions of six 50 ms function tasks; the one holding more
task runs is killed with SIGKILL. Measured over ROUNDS kills: the stall, from the kill to the
first of the task runs it held starting again in the other engine, and the attempts that ran
twice.

The other engine takes the dead one's task runs over once its heartbeat is older than
ENGINE_DEAD_SECONDS (engine/pulse.py), not when their 300 s lease runs out.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from engine.models import TaskRun, TaskStatus

from . import harness

NAME = "W10"
TARGET = "stall p50 < 15 s"
ROUNDS = 10
EXECUTIONS = 40
TASKS = 6
KILL_AFTER_SECONDS = 1.0
TIMEOUT = 60.0
WORKFLOW = "bench-w10"
RECORDED_ARN = "arn:aws:lambda:us-east-1:000000000000:function:bench-recorded"


def definition() -> dict[str, Any]:
    states = {}
    for step in range(TASKS):
        states[f"T{step}"] = {
            "Type": "Task",
            "Resource": RECORDED_ARN,
            "Parameters": {"n.$": "$.n", "sleep": 0.05, "token.$": "$$.Task.Token"},
            "ResultPath": None,
            **({"Next": f"T{step + 1}"} if step < TASKS - 1 else {"End": True}),
        }
    return {"StartAt": "T0", "States": states}


def one_kill(version: Any, calls: Path) -> dict[str, Any]:
    calls.write_text("")
    env = {**harness.FUNCTIONS_ENV, "BATON_BENCH_CALLS": str(calls)}
    waiter = harness.Waiter()
    try:
        with harness.engines(2, 4, env=env) as processes:
            ids = harness.start_many(version, [{"n": n} for n in range(EXECUTIONS)])
            time.sleep(KILL_AFTER_SECONDS)
            doomed = max(processes, key=lambda process: len(_held_by(process.pid)))
            doomed.send_signal(signal.SIGKILL)
            killed_at = time.time()
            held = _held_by(doomed.pid)
            waiter.wait_all(ids, timeout=TIMEOUT, partial=True)
            ended = len(waiter.ended.intersection(ids))
    finally:
        waiter.close()
        harness.purge(WORKFLOW)
    return {"ended": ended, "held": len(held), **_read_calls(calls, held, killed_at)}


def _held_by(pid: int) -> set[str]:
    """Tokens of the task runs the killed engine held (queued or running) when it died."""
    running = TaskRun.objects.filter(status=TaskStatus.RUNNING, claimed_by__contains=f":{pid}:")
    return set(running.values_list("token", flat=True))


def _read_calls(calls: Path, held: set[str], killed_at: float) -> dict[str, Any]:
    entries = [json.loads(line) for line in calls.read_text().splitlines() if line]
    starts = Counter(entry["token"] for entry in entries if entry["phase"] == "start")
    taken_over = [
        e["at"]
        for e in entries
        if e["phase"] == "start" and e["token"] in held and e["at"] > killed_at
    ]
    return {
        "stall_seconds": round(min(taken_over) - killed_at, 2) if taken_over else None,
        "ran_twice": sum(1 for count in starts.values() if count > 1),
    }


def run() -> dict[str, Any]:
    harness.purge(WORKFLOW)
    version = harness.publish(WORKFLOW, definition())
    with tempfile.TemporaryDirectory() as folder:
        rounds = [one_kill(version, Path(folder) / "calls.jsonl") for _ in range(ROUNDS)]
    stalls = [r["stall_seconds"] for r in rounds if r["stall_seconds"] is not None]
    return {
        "rounds": rounds,
        "kills_holding_tasks": len(stalls),
        "stall_p50_seconds": harness.percentile(stalls, 50) if stalls else None,
        "stall_max_seconds": max(stalls) if stalls else None,
        "ran_twice": sum(r["ran_twice"] for r in rounds),
        "all_ended": all(r["ended"] == EXECUTIONS for r in rounds),
        "engine_dead_seconds": os.environ.get("BATON_ENGINE_DEAD_SECONDS", "10 (default)"),
    }


def summary(figures: dict[str, Any]) -> str:
    return (
        f"stall p50 {figures['stall_p50_seconds']} s, max {figures['stall_max_seconds']} s over "
        f"{figures['kills_holding_tasks']} kills of an engine holding tasks; "
        f"{figures['ran_twice']} attempts ran twice; every execution ended: {figures['all_ended']}"
    )
