"""What the engine's transactions did, turned into metrics, rollups and trace spans.

store.store_many calls `record(pairs)` inside its transaction:
1. the rollup rows (failed, retried, caught states: rollups.py) are upserted there, so the
   dashboard's counts commit or roll back with the work they count;
2. the rest waits for the commit: counters and histograms (metrics.py), aggregated per
   transaction rather than one increment per event, and the spans (tracing.py).
Nothing is recorded when observing is off (BATON_METRICS=false and no OTEL_* endpoint): the
runner then collects no observations either.
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction

from .. import definitions
from . import metrics, resource_kinds, rollups, tracing

F = TypeVar("F", bound=Callable[..., Any])


def is_on() -> bool:
    """Should runners observe? Metrics (on unless BATON_METRICS=false) or tracing."""
    return bool(getattr(settings, "BATON_METRICS", True)) or tracing.enabled()


@dataclass
class Done:
    """One execution's share of a committed transaction, as telemetry needs it."""

    execution_id: Any
    workflow_id: int
    workflow: str
    traceparent: str | None
    redrive_count: int
    started_at_ns: int
    duration_seconds: float | None  # set when it ended in this transaction
    error: str | None
    event_types: list[str]
    observed: list[dict[str, Any]]


def record(pairs: list[tuple[Any, Any]]) -> None:
    """Called inside the transaction that stores `pairs` (execution, runner)."""
    done = [_done(execution, runner) for execution, runner in pairs if runner.observed is not None]
    done = [item for item in done if item.observed or item.event_types]
    if not done:
        return
    rollups.write(done)
    transaction.on_commit(lambda: after_commit(done))


def _done(execution: Any, runner: Any) -> Done:
    ended = execution.stopped_at if execution.status != "RUNNING" else None
    return Done(
        execution_id=execution.id,
        workflow_id=execution.workflow_id,
        workflow=definitions.workflow_name(execution.workflow_id),
        traceparent=execution.traceparent,
        redrive_count=execution.redrive_count,
        started_at_ns=int(_start_of(execution).timestamp() * 1e6) * 1000,
        duration_seconds=(ended - execution.started_at).total_seconds() if ended else None,
        error=execution.error,
        event_types=[event["type"] for event in runner.events],
        observed=runner.observed or [],
    )


def _start_of(execution: Any) -> datetime:
    """A redriven execution's current run began at the redrive."""
    return execution.redriven_at or execution.started_at


def after_commit(done: list[Done]) -> None:
    if getattr(settings, "BATON_METRICS", True):
        count(done)
    for item in done:
        tracing.export(item)


def count(done: list[Done]) -> None:
    """Add one transaction's counts to the metrics, one increment per label set."""
    started: Counter[str] = Counter()
    finished: Counter[tuple[str, str]] = Counter()
    transitions: Counter[str] = Counter()
    outcomes: Counter[tuple[str, str]] = Counter()
    retries: Counter[tuple[str, str, str]] = Counter()
    catches: Counter[tuple[str, str, str]] = Counter()
    for item in done:
        for kind in item.event_types:
            if kind == "ExecutionStarted":
                started[item.workflow] += 1
            elif kind.endswith("StateEntered"):
                transitions[kind[: -len("StateEntered")]] += 1
        for seen in item.observed:
            what = seen["kind"]
            if what == "execution":
                finished[(item.workflow, seen["status"])] += 1
                if item.duration_seconds is not None:
                    metrics.EXECUTION_DURATION.labels(item.workflow).observe(item.duration_seconds)
            elif what == "task":
                outcome = _task_outcome(seen)
                outcomes[(resource_kinds.function_of(seen["resource"]), outcome)] += 1
                _observe_task_duration(seen, outcome)
            elif what == "retry":
                retries[(item.workflow, seen["name"], seen["error"] or "")] += 1
            elif what == "state" and seen["outcome"] == "caught":
                catches[(item.workflow, seen["name"], seen["error"] or "")] += 1
    _add(metrics.EXECUTIONS_STARTED, {(w,): n for w, n in started.items()})
    _add(metrics.EXECUTIONS_FINISHED, finished)
    _add(metrics.STATE_TRANSITIONS, {(t,): n for t, n in transitions.items()})
    _add(metrics.TASK_OUTCOMES, outcomes)
    _add(metrics.RETRIES, retries)
    _add(metrics.CATCHES, catches)


def _add(counter: Any, counts: dict[tuple[str, ...], int]) -> None:
    for labels, n in counts.items():
        counter.labels(*labels).inc(n)


def _task_outcome(seen: dict[str, Any]) -> str:
    if seen["outcome"] == "succeeded":
        return "succeeded"
    return (
        "timed_out" if seen["error"] in ("States.Timeout", "States.HeartbeatTimeout") else "failed"
    )


def _observe_task_duration(seen: dict[str, Any], outcome: str) -> None:
    if not seen["scheduled_at"]:
        return
    took = datetime.fromisoformat(seen["at"]) - datetime.fromisoformat(seen["scheduled_at"])
    kind = resource_kinds.kind_of(seen["resource"])
    metrics.TASK_DURATION.labels(kind, outcome).observe(max(0.0, took.total_seconds()))


def timed(kind: str) -> Callable[[F], F]:
    """Time each call of an engine transaction (baton_engine_transaction_duration_seconds)."""

    def decorate(function: F) -> F:
        histogram = metrics.ENGINE_TRANSACTIONS.labels(kind)

        @functools.wraps(function)
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            if not getattr(settings, "BATON_METRICS", True):
                return function(*args, **kwargs)
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                histogram.observe(time.perf_counter() - began)

        return timed_call  # type: ignore[return-value]

    return decorate


def timer_lags(lags_seconds: list[float]) -> None:
    """How late each fired timer was (runtime's timer paths)."""
    if getattr(settings, "BATON_METRICS", True):
        for lag in lags_seconds:
            metrics.TIMER_LAG.observe(max(0.0, lag))
