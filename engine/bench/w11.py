"""W11: cron schedules on time. One engine; a schedule's next due time is moved a second ahead
TICKS times (instead of waiting for whole minutes), and each run's lag is the time from its due
time to its execution's start. The engine sleeps until the next due schedule
(claims.next_due), so the lag is a wake-up and one transaction."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.utils import timezone

from engine.models import Execution, Schedule

from . import harness

NAME = "W11"
TARGET = "lag p99 ≤ 1 s"
TICKS = 10
WORKFLOW = "bench-w11"
PASS = {"Type": "Pass", "End": True}


def run() -> dict[str, Any]:
    harness.purge(WORKFLOW)
    version = harness.publish(WORKFLOW, {"StartAt": "P", "States": {"P": PASS}})
    Schedule.objects.filter(name=WORKFLOW).delete()
    schedule = Schedule.objects.create(name=WORKFLOW, workflow=version.workflow, cron="* * * * *")
    lags = []
    try:
        with harness.engines(1, 1):
            for _ in range(TICKS):
                due = (timezone.now() + timedelta(seconds=1.5)).replace(microsecond=0)
                Schedule.objects.filter(id=schedule.id).update(next_run_at=due)
                runs = Execution.objects.filter(name=schedule.execution_name(due))
                deadline = time.monotonic() + 10
                while not (started := runs.first()) and time.monotonic() < deadline:
                    time.sleep(0.02)
                if started is not None:
                    lags.append((started.started_at - due).total_seconds() * 1000)
    finally:
        schedule.delete()
        harness.purge(WORKFLOW)
    return {
        "ticks": TICKS,
        "fired": len(lags),
        "lag_ms": [round(lag, 1) for lag in lags],
        "lag_p50_ms": round(harness.percentile(lags, 50), 1) if lags else None,
        "lag_max_ms": round(max(lags), 1) if lags else None,
    }


def summary(figures: dict[str, Any]) -> str:
    return (
        f"lag p50 {figures['lag_p50_ms']} ms, max {figures['lag_max_ms']} ms "
        f"({figures['fired']} of {figures['ticks']} ticks fired)"
    )
