"""W2: 1,000 executions × 10 Task states (bench-noop), all started at once; throughput.

The executions are started through start_execution in one transaction, so they all appear
(and wake the engines) at its commit; the clock runs from that commit to the last
`baton_ended` notification. Measured with one engine process and with two, publishing live
updates as deployed. Then what publishing costs (issue 14: within 10 %): one engine,
alternately with BATON_LIVE_UPDATES off and on, PUBLISH_PAIRS times each, means compared.
"""

from __future__ import annotations

import time
from typing import Any

from . import harness, w1b

NAME = "W2"
TARGET = "≥ 3,000 states/s"
EXECUTIONS = 1000
STATES = 10
ENGINE_COUNTS = (1, 2)
CONCURRENCY = 4
PUBLISH_PAIRS = 2
TIMEOUT = 60.0  # per engine count; keeps the whole bench within its 5 minutes
WORKFLOW = "bench-w2"


def measure(
    version: Any, engine_count: int, publish: bool = True, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """`env` adds to the engines' environment (W12 turns telemetry off and on with it)."""
    env = {
        **harness.FUNCTIONS_ENV,
        "BATON_LIVE_UPDATES": "true" if publish else "false",
        **(env or {}),
    }
    waiter = harness.Waiter()
    try:
        with harness.engines(engine_count, CONCURRENCY, env=env):
            # Each engine learns bench-noop is quick on its first run: warm them all.
            warm = harness.start_many(version, [{"warm": i} for i in range(4 * engine_count)])
            waiter.wait_all(warm)
            harness.settle_stats()
            commits_before = harness.commits()
            began = time.perf_counter()
            ids = harness.start_many(version, [{"n": i} for i in range(EXECUTIONS)])
            committed = time.perf_counter()
            last_end = waiter.wait_all(ids, timeout=TIMEOUT, partial=True)
            ended = len(waiter.ended.intersection(ids))
            if ended < EXECUTIONS:  # out of time: the rate so far
                last_end = time.perf_counter()
            harness.settle_stats()
            commits = harness.commits() - commits_before
    finally:
        waiter.close()
        harness.purge(WORKFLOW)
    seconds = last_end - committed
    states = ended * STATES
    return {
        "engines": engine_count,
        "ended": ended,
        "insert_seconds": round(committed - began, 3),
        "seconds": round(seconds, 3),
        "transitions_per_s": round(states / seconds) if seconds > 0 else 0,
        "commits_per_state": round(commits / max(states, 1), 3),
        "load": harness.load(),
    }


def run() -> dict[str, Any]:
    harness.purge(WORKFLOW)
    version = harness.publish(WORKFLOW, w1b.definition(STATES))
    runs = [measure(version, count) for count in ENGINE_COUNTS]
    best = max(runs, key=lambda figures: figures["transitions_per_s"])
    publishing = publishing_cost(version)
    return {
        "executions": EXECUTIONS,
        "states": STATES,
        "concurrency": CONCURRENCY,
        **{key: best[key] for key in ("engines", "seconds", "transitions_per_s")},
        "commits_per_state": best["commits_per_state"],
        "by_engines": {str(figures["engines"]): figures for figures in runs},
        "publishing": publishing,
    }


def publishing_cost(version: Any) -> dict[str, Any]:
    """One engine, off and on in turn (machine drift hits both alike); the means compared."""
    rates: dict[str, list[int]] = {"off": [], "on": []}
    for _ in range(PUBLISH_PAIRS):
        for mode in ("off", "on"):
            rates[mode].append(measure(version, 1, publish=mode == "on")["transitions_per_s"])
    off, on = (sum(rates[mode]) / len(rates[mode]) for mode in ("off", "on"))
    return {
        "off_per_s": rates["off"],
        "on_per_s": rates["on"],
        "on_vs_off_percent": round(100 * (on - off) / off, 1) if off else None,
    }


def summary(figures: dict[str, Any]) -> str:
    publish = figures["publishing"]
    others = ", ".join(
        f"{count} engine(s) {run['transitions_per_s']}/s"
        for count, run in figures["by_engines"].items()
    )
    return (
        f"{figures['transitions_per_s']} states/s with {figures['engines']} engine(s) "
        f"({figures['seconds']} s; {others}), {figures['commits_per_state']} commits/state; "
        f"live updates on vs off {publish['on_vs_off_percent']:+} % "
        f"(1 engine, on {publish['on_per_s']}, off {publish['off_per_s']})"
    )
