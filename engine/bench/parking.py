"""Parking many executions on a Wait fast: the engine parks one, SQL clones it.

Starting N executions through the engine costs N advancing transactions (a few ms each);
W4 and W6 need 10,000 and 200,000 executions already waiting on their timer. So one
template execution is started and advanced by a real engine until it waits on its timer,
then its rows (execution with its program, history events, timer) are copied N times in
one transaction, each copy with its own id, name, input and due time. The copies are what
the engine would have written, so firing their timers runs the engine's ordinary path.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from designer.models import WorkflowVersion
from engine.models import Timer

from . import harness


def park_template(version: WorkflowVersion, value: Any, timeout: float = 30.0) -> str:
    """Start one execution and wait until a running engine has parked it on its timer."""
    execution_id = harness.start(version, value)
    deadline = time.monotonic() + timeout
    while not Timer.objects.filter(execution_id=execution_id).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"template execution {execution_id} did not reach its timer")
        time.sleep(0.02)
    return execution_id


def clone(
    template_id: str, count: int, first_due: str, step_seconds: float, *, batch: int = 50_000
) -> list[tuple[str, datetime]]:
    """Copy the parked template `count` times in one transaction; [(id, due)] in due order.

    Due times are `first_due` (an SQL timestamptz expression, evaluated when the last batch
    has been inserted, e.g. "clock_timestamp() + interval '4 s'") plus index × step_seconds.
    """
    columns = _columns("engine_execution")
    thread_path = _parked_thread_path(template_id)
    overrides = {
        "id": "c.id",
        "name": "'bench-' || c.i",
        "input": "jsonb_build_object('i', c.i)",
        "started_at": "clock_timestamp()",
        "program": f"jsonb_set(t.program, '{thread_path}', jsonb_build_object('i', c.i))",
    }
    select = ", ".join(overrides.get(column, f"t.{column}") for column in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_clones (i int PRIMARY KEY, id uuid NOT NULL)"
            " ON COMMIT DROP"
        )
        cursor.execute(
            "INSERT INTO bench_clones SELECT i, gen_random_uuid() FROM generate_series(0, %s) i",
            [count - 1],
        )
        for low in range(0, count, batch):
            where = "c.i >= %s AND c.i < %s"
            cursor.execute(
                f"INSERT INTO engine_execution ({', '.join(columns)})"
                f" SELECT {select} FROM bench_clones c, engine_execution t"
                f" WHERE t.id = %s AND {where}",
                [template_id, low, low + batch],
            )
            cursor.execute(
                "INSERT INTO engine_historyevent"
                " (execution_id, event_id, previous_event_id, type, timestamp, details)"
                " SELECT c.id, h.event_id, h.previous_event_id, h.type, h.timestamp,"
                " CASE WHEN h.details ? 'input'"
                " THEN jsonb_set(h.details, '{input}', jsonb_build_object('i', c.i))"
                " ELSE h.details END"
                f" FROM bench_clones c, engine_historyevent h"
                f" WHERE h.execution_id = %s AND {where}",
                [template_id, low, low + batch],
            )
        cursor.execute(
            "INSERT INTO engine_timer (execution_id, key, fire_at)"
            f" SELECT c.id, t.key, b.due + c.i * %s * interval '1 second'"
            f" FROM bench_clones c, engine_timer t, (SELECT {first_due} AS due) b"
            " WHERE t.execution_id = %s RETURNING execution_id::text, fire_at",
            [step_seconds, template_id],
        )
        parked = sorted(cursor.fetchall(), key=lambda row: row[1])
        cursor.execute("SELECT pg_notify('baton_work', '')")  # engines recompute their sleep
    return parked


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND table_schema = current_schema() ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]


def _parked_thread_path(template_id: str) -> str:
    """The jsonb path of the output the waiting thread resumes with (`then.output`)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT program FROM engine_execution WHERE id = %s", [template_id])
        program = cursor.fetchone()[0]
    program = json.loads(program) if isinstance(program, str) else program
    waiting = [key for key, thread in program["threads"].items() if "then" in thread]
    if len(waiting) != 1:
        raise ValueError(f"template {template_id} is not parked on one Wait: {program}")
    return "{threads," + waiting[0] + ",then,output}"
