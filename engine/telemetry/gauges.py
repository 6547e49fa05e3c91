"""Gauges of what waits, read from Postgres at scrape time: runnable and running executions,
task runs by status, open and overdue human tasks, due timers, and the engines' heartbeats.

They are facts of the whole cluster, not of one process, so no process keeps them: /metrics
(engine/telemetry/endpoint.py) asks the database on each scrape. Each query rides an index
(EXPLAIN on a million executions: under 2 ms each, docs/architecture.md "Metrics"); ages are
measured on the database's clock, which also stamps the heartbeats.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.models import Model
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from designer.models import Workflow

from ..models import EngineHeartbeat, Execution, Status, TaskRun, TaskStatus, Timer

log = logging.getLogger(__name__)

# Per workflow, an index-only count on executions_by_status (workflow, status, …): a plain
# count over status alone would read the whole table, as its index leads with the workflow.
RUNNING_SQL = """
SELECT coalesce(sum(r.n), 0) FROM {workflow} w, LATERAL (
    SELECT count(*) AS n FROM {execution} e WHERE e.workflow_id = w.id AND e.status = %s
) r
"""
RUNNABLE_SQL = "SELECT count(*) FROM {execution} WHERE is_runnable"  # runnable_executions
TASK_RUNS_SQL = """
SELECT status, count(*), extract(epoch FROM statement_timestamp() - min(created_at))
FROM {task_run} GROUP BY status
"""
TIMERS_SQL = """
SELECT count(*), coalesce(extract(epoch FROM statement_timestamp() - min(fire_at)), 0)
FROM {timer} WHERE fire_at <= statement_timestamp()
"""
HUMAN_TASKS_SQL = """
SELECT count(*), count(*) FILTER (WHERE due_at < statement_timestamp()),
       coalesce(extract(epoch FROM statement_timestamp() - min(created_at)), 0)
FROM {human_task} WHERE status = ANY(%s)
"""
HEARTBEATS_SQL = (
    "SELECT name, kind, extract(epoch FROM statement_timestamp() - seen_at) FROM {beat}"
)


class DatabaseGauges(Collector):
    """A prometheus-client collector: one round of queries per scrape."""

    def describe(self) -> list[Any]:
        return []  # registering must not query; the families come with collect()

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            families = [*executions(), *task_runs(), *timers(), *human_tasks(), *heartbeats()]
        except DatabaseError:
            # The processes' own metrics are still worth a scrape while Postgres is away.
            log.warning("/metrics: the database gauges could not be read", exc_info=True)
            yield gauge("baton_database_up", UP_HELP, 0)
            return
        yield gauge("baton_database_up", UP_HELP, 1)
        yield from families


UP_HELP = "1 when this scrape read the database gauges, 0 when the database failed."


def gauge(name: str, documentation: str, value: Any) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value))


def rows(sql: str, params: Iterable[Any] = (), **tables: type[Model]) -> list[tuple[Any, ...]]:
    names = {key: connection.ops.quote_name(model._meta.db_table) for key, model in tables.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**names), list(params))
        return cursor.fetchall()


def executions() -> list[GaugeMetricFamily]:
    ((runnable,),) = rows(RUNNABLE_SQL, execution=Execution)
    ((running,),) = rows(RUNNING_SQL, [Status.RUNNING], workflow=Workflow, execution=Execution)
    return [
        gauge("baton_runnable_executions", "Executions an engine owes a step now.", runnable),
        gauge("baton_running_executions", "Executions not ended (status RUNNING).", running),
    ]


def task_runs() -> list[GaugeMetricFamily]:
    """By status: PENDING (no engine holds it yet), RUNNING (an engine runs it), WAITING (a
    callback, activity worker or child execution finishes it), DONE (outcome not yet applied)."""
    count = GaugeMetricFamily(
        "baton_pending_tasks", "Task runs the engine owes, by status.", labels=["status"]
    )
    oldest = GaugeMetricFamily(
        "baton_oldest_pending_task_age_seconds",
        "Age of the oldest task run of each status (0 when there is none).",
        labels=["status"],
    )
    found = {status: (n, age) for status, n, age in rows(TASK_RUNS_SQL, task_run=TaskRun)}
    for status in TaskStatus.values:
        n, age = found.get(status, (0, 0.0))
        count.add_metric([status], float(n))
        oldest.add_metric([status], float(age))
    return [count, oldest]


def timers() -> list[GaugeMetricFamily]:
    ((due, age),) = rows(TIMERS_SQL, timer=Timer)
    return [
        gauge("baton_due_timers", "Timers due (fire_at passed) and not fired yet.", due),
        gauge(
            "baton_oldest_due_timer_age_seconds",
            "How long ago the oldest due timer fell due (0 when none is due).",
            float(age),
        ),
    ]


def human_tasks() -> list[GaugeMetricFamily]:
    """Open (OPEN, CLAIMED or ESCALATED) human tasks of the approvals app. The engine imports
    no app (DESIGN.md §5): the model is looked up by name, and left out without the app."""
    if not apps.is_installed("approvals"):
        return []
    task = apps.get_model("approvals", "HumanTask")
    open_statuses = list(apps.get_app_config("approvals").models_module.OPEN_STATUSES)
    ((n, overdue, age),) = rows(HUMAN_TASKS_SQL, [open_statuses], human_task=task)
    return [
        gauge("baton_open_human_tasks", "Human tasks waiting on a decision.", n),
        gauge("baton_overdue_human_tasks", "Open human tasks past their due time.", overdue),
        gauge(
            "baton_oldest_open_human_task_age_seconds",
            "Age of the oldest open human task (0 when there is none).",
            float(age),
        ),
    ]


def heartbeats() -> list[GaugeMetricFamily]:
    """Seconds since each engine (and the cluster) last beat. An engine that stops cleanly
    deletes its row; a killed one's stays (and ages) until the cluster forgets it a day later."""
    family = GaugeMetricFamily(
        "baton_engine_heartbeat_age_seconds",
        "Seconds since each engine or cluster last recorded a heartbeat.",
        labels=["engine", "kind"],
    )
    for name, kind, age in rows(HEARTBEATS_SQL, beat=EngineHeartbeat):
        family.add_metric([name, kind], float(age))
    return [family]
