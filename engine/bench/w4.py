"""W4: 10,000 executions, each one Wait whose Timestamp falls in the next ~10 s; firing lag.

An engine parks one template execution on its Wait; its rows are cloned 10,000 times in one
transaction (engine/bench/parking.py), the due times counted from the moment the inserts
ended (LEAD seconds later, then spread evenly over WINDOW seconds). Advancing 10,000 starts
through the engine would take longer than the window itself, and the engine drains runnable
executions before it looks at timers, so the lag would measure the starts, not the timers.
Lag = WaitStateExited's timestamp (the `now` of the transition that fired the timer) − the
due time, per execution, from the history.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection

from . import harness, parking

NAME = "W4"
TARGET = "lag p50 ≤ 5, p99 ≤ 25 ms"
EXECUTIONS = 10_000
LEAD = 2.0  # seconds from the end of the inserts to the first due time
WINDOW = 10.0  # due times spread evenly over this many seconds
GRACE = 20.0  # how long after the last due time to wait for stragglers
WORKFLOW = "bench-w4"

DEFINITION = {
    "Comment": "bench W4",
    "StartAt": "Park",
    "States": {"Park": {"Type": "Wait", "TimestampPath": "$.due", "End": True}},
}


def outcomes(ids: list[str], dues: list[datetime]) -> dict[str, Any]:
    due_by_id = dict(zip(ids, dues, strict=True))
    exits: dict[str, list[datetime]] = {}
    entered_last = None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT h.execution_id::text, h.type, h.timestamp FROM engine_historyevent h"
            " WHERE h.execution_id = ANY(%s::uuid[])"
            " AND h.type IN ('WaitStateExited', 'WaitStateEntered')",
            [ids],
        )
        for execution_id, kind, stamp in cursor.fetchall():
            if kind == "WaitStateExited":
                exits.setdefault(execution_id, []).append(stamp)
            elif entered_last is None or stamp > entered_last:
                entered_last = stamp
        cursor.execute(
            "SELECT count(*) FROM engine_execution WHERE id = ANY(%s::uuid[])"
            " AND status = 'SUCCEEDED'",
            [ids],
        )
        succeeded = cursor.fetchone()[0]
    lags = [
        (stamps[0] - due_by_id[execution_id]).total_seconds() * 1000
        for execution_id, stamps in exits.items()
    ]
    late = [lag for lag in lags if lag > 25]
    fired = [stamps[0] for stamps in exits.values()]
    span = (max(fired) - dues[0]).total_seconds() if fired else 0.0
    return {
        "lag_p50_ms": round(harness.percentile(lags, 50), 2) if lags else None,
        "lag_p99_ms": round(harness.percentile(lags, 99), 2) if lags else None,
        "lag_max_ms": round(max(lags), 2) if lags else None,
        "lag_min_ms": round(min(lags), 2) if lags else None,
        "late_over_25ms": len(late),
        "fired": len(fired),
        # Timers fired per second from the first due time to the last firing (the window
        # asks for len(ids) / WINDOW).
        "fired_per_s": round(len(fired) / span) if span > 0 else None,
        "lost": len(ids) - succeeded,
        "doubled": sum(1 for stamps in exits.values() if len(stamps) > 1),
        # > 0: the engine was still entering Wait states when the first timers fell due.
        "last_parked_after_first_due_ms": round((entered_last - dues[0]).total_seconds() * 1000, 1)
        if entered_last
        else None,
    }


def run() -> dict[str, Any]:
    harness.purge(WORKFLOW)
    version = harness.publish(WORKFLOW, DEFINITION)
    waiter = harness.Waiter()
    try:
        with harness.engines(1):
            tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
            template = parking.park_template(version, {"due": tomorrow.replace("+00:00", "Z")})
            began = time.perf_counter()
            parked = parking.clone(
                template,
                EXECUTIONS,
                f"clock_timestamp() + interval '{LEAD} s'",
                WINDOW / EXECUTIONS,
            )
            insert_seconds = time.perf_counter() - began
            ids = [execution_id for execution_id, _ in parked]
            dues = [due for _, due in parked]
            left = (dues[-1] - datetime.now(UTC)).total_seconds()
            waiter.wait_all(ids, timeout=left + GRACE, partial=True)
    finally:
        waiter.close()
    figures = {
        "executions": EXECUTIONS,
        "window_s": WINDOW,
        "lead_s": LEAD,
        "insert_seconds": round(insert_seconds, 2),
        "path": "template parked by the engine, cloned in SQL",
        **outcomes(ids, dues),
        "load": harness.load(),
    }
    harness.purge(WORKFLOW)
    return figures


def summary(figures: dict[str, Any]) -> str:
    due_rate = figures["executions"] / figures["window_s"]
    return (
        f"lag p50 {figures['lag_p50_ms']} ms, p99 {figures['lag_p99_ms']} ms, "
        f"lost {figures['lost']}, doubled {figures['doubled']} "
        f"({figures['fired_per_s']} timers/s fired, {due_rate:.0f}/s due)"
    )
