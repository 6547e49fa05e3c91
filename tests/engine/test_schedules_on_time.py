"""Cron schedules fire in the engine (engine/schedule_runs.py), on time and once, across a
restart of the only engine between two runs. The test moves the schedule's next due time a
few seconds ahead instead of waiting for the minute."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from designer.services import publish_version
from engine.models import Execution, Schedule
from tests.engine.engines import Engines, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def fire_soon(schedule: Schedule, seconds: float) -> object:
    due = (timezone.now() + timedelta(seconds=seconds)).replace(microsecond=0)
    Schedule.objects.filter(id=schedule.id).update(next_run_at=due)
    return due


def test_a_due_schedule_fires_within_a_second_once_across_an_engine_restart(
    engines: Engines,
) -> None:
    version = publish_version("ticking", PASS)
    schedule = Schedule.objects.create(name="ticking", workflow=version.workflow, cron="* * * * *")
    lags = []
    for run in range(2):
        engine = engines.start(concurrency=1)
        time.sleep(0.5)  # the engine is asleep, waiting for the schedule's time
        due = fire_soon(schedule, 2)
        runs = Execution.objects.filter(name=schedule.execution_name(due))
        started = wait_for(runs.first, 10, f"run {run} to start")
        lags.append((started.started_at - due).total_seconds())
        time.sleep(1.5)  # an engine that fired twice would have done it by now
        engine.stop()  # SIGTERM between the two runs: the next one fires from a new engine

    assert Execution.objects.filter(workflow=version.workflow).count() == 2
    assert all(0 <= lag < 1 for lag in lags), f"fired {lags} s after their due times"
    print(f"schedule lag after due time: {', '.join(f'{lag * 1000:.0f} ms' for lag in lags)}")
