"""Baton's Prometheus metrics: every name and label in one place.

Labels stay bounded: workflow, state and function names come from definitions and the
registry, never execution ids or inputs. Several processes write (web processes, engines, the
cluster); prometheus-client's multiprocess mode adds them up at scrape time (the directory is
set in baton/settings.py before this module is imported; docs/architecture.md says why).
Gauges of what waits (runnable executions, pending tasks, open human tasks) are read from
Postgres at scrape time instead (engine/telemetry/gauges.py): they are facts of the cluster,
not of a process.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# Seconds: from a quick Pass chain to a day-long approval.
DURATION_BUCKETS = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
    30,
    60,
    300,
    900,
    3600,
    14400,
    86400,
)
LAG_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

EXECUTIONS_STARTED = Counter("baton_executions_started_total", "Executions started.", ["workflow"])
EXECUTIONS_FINISHED = Counter(
    "baton_executions_finished_total",
    "Executions that ended, by status (SUCCEEDED, FAILED, TIMED_OUT, ABORTED).",
    ["workflow", "status"],
)
EXECUTION_DURATION = Histogram(
    "baton_execution_duration_seconds",
    "From an execution's start to its end.",
    ["workflow"],
    buckets=DURATION_BUCKETS,
)
STATE_TRANSITIONS = Counter(
    "baton_state_transitions_total", "States entered, by state type.", ["type"]
)
TASK_DURATION = Histogram(
    "baton_task_duration_seconds",
    "One task attempt, from scheduled to its outcome, by resource kind and outcome.",
    ["kind", "outcome"],
    buckets=DURATION_BUCKETS,
)
TASK_OUTCOMES = Counter(
    "baton_task_outcomes_total",
    "Task attempts by function (the registered function, activity or service) and outcome.",
    ["function", "outcome"],
)
RETRIES = Counter(
    "baton_retries_total", "Retries scheduled, by state and error.", ["workflow", "state", "error"]
)
CATCHES = Counter(
    "baton_catches_total",
    "Errors caught by a Catch, by state and error.",
    ["workflow", "state", "error"],
)
TIMER_LAG = Histogram(
    "baton_timer_lag_seconds",
    "How late a timer fired (Wait states, retry back-offs): firing time minus due time.",
    buckets=LAG_BUCKETS,
)
ENGINE_TRANSACTIONS = Histogram(
    "baton_engine_transaction_duration_seconds",
    "Engine transactions (advance, timers, outcomes) and how long each took; _count is how many.",
    ["kind"],
    buckets=LAG_BUCKETS,
)
HTTP_REQUESTS = Histogram(
    "baton_http_request_duration_seconds",
    "HTTP requests by view name, method and status code.",
    ["view", "method", "status"],
    buckets=LAG_BUCKETS,
)
WEBSOCKETS = Gauge(
    "baton_websocket_connections",
    "Open WebSocket connections, by route.",
    ["route"],
    multiprocess_mode="livesum",
)
