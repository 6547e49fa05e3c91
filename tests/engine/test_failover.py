"""Engine failover (engine/pulse.py, engine/taskpool.py) across real `runengine` processes: the
task runs of an engine killed with SIGKILL are taken over once its heartbeat is stale, long
before their lease would run out; an engine stopped with SIGTERM hands its tasks back."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from designer.services import publish_version
from engine.executions import start_execution
from engine.models import EngineHeartbeat, Execution, Status, TaskRun, TaskStatus
from tests.engine.engines import (
    ARN,
    Engines,
    assert_event_ids_are_gapless,
    calls,
    histories,
    leased_to,
    wait_ended,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

DEAD_SECONDS = 5  # the test's heartbeat staleness; 10 s by default
LEASE_SECONDS = 300  # the default: nothing in these tests may wait for a lease


def slow_chain(steps: int, sleep: float) -> dict:
    states = {}
    for step in range(steps):
        states[f"Work{step}"] = {
            "Type": "Task",
            "Resource": ARN + "proc-slow",
            "Parameters": {"id.$": "$.id", "step": step, "sleep": sleep},
            "ResultPath": None,
            **({"Next": f"Work{step + 1}"} if step < steps - 1 else {"End": True}),
        }
    return {"StartAt": "Work0", "States": states}


def running_in(engine_pid: int) -> int:
    return TaskRun.objects.filter(
        status=TaskStatus.RUNNING, claimed_by__contains=f":{engine_pid}:"
    ).count()


def test_the_tasks_of_an_engine_killed_mid_body_are_taken_over_without_waiting_for_a_lease(
    engines: Engines, tmp_path: Path
) -> None:
    version = publish_version("chain", slow_chain(steps=3, sleep=1))
    options = {"lease_seconds": LEASE_SECONDS, "dead_seconds": DEAD_SECONDS}
    doomed = engines.start(concurrency=4, **options)
    ids = [start_execution(version, {"id": n})[0].id for n in range(12)]

    def doomed_runs_bodies() -> bool:
        started = [c for c in calls(tmp_path) if c["pid"] == doomed.pid and c["phase"] == "start"]
        return bool(started) and running_in(doomed.pid) > 0

    wait_for(doomed_runs_bodies, 20, "the doomed engine to run task bodies")
    survivor = engines.start(concurrency=4, **options)
    engines.kill(doomed)
    killed_at = time.time()
    wait_ended(ids, timeout=30)

    assert Counter(Execution.objects.filter(id__in=ids).values_list("status", flat=True)) == {
        Status.SUCCEEDED: 12
    }
    last_end = max(c["at"] for c in calls(tmp_path) if c["phase"] == "end")
    assert last_end - killed_at < 30
    for history in histories(ids).values():
        assert_event_ids_are_gapless(history)
        kinds = Counter(kind for _, kind in history)
        # Each attempt delivered once, though some ran in both engines.
        assert kinds["LambdaFunctionScheduled"] == kinds["LambdaFunctionSucceeded"] == 3
        assert kinds["LambdaFunctionStarted"] == 3
    rerun = [c for c in calls(tmp_path) if c["pid"] == survivor.pid and c["at"] > killed_at]
    assert rerun, "the survivor ran the dead engine's tasks"


def test_an_engine_stopped_with_sigterm_hands_its_tasks_over_and_exits_within_its_grace(
    engines: Engines, tmp_path: Path
) -> None:
    version = publish_version("long", slow_chain(steps=1, sleep=6))
    stopping = engines.start(concurrency=4, lease_seconds=LEASE_SECONDS, stop_grace_seconds=1)
    ids = [start_execution(version, {"id": n})[0].id for n in range(4)]
    wait_for(lambda: running_in(stopping.pid) == 4, 20, "the four bodies in the first engine")
    other = engines.start(concurrency=4, lease_seconds=LEASE_SECONDS)

    stopping.proc.send_signal(signal.SIGTERM)
    began = time.monotonic()
    stopping.proc.wait(timeout=15)
    exited_in = time.monotonic() - began
    assert exited_in < 1 + 5, f"exited after {exited_in:.1f} s"  # its grace, and shutting down
    assert "handed 4 task runs back" in stopping.output()
    assert not EngineHeartbeat.objects.filter(name__contains=leased_to(stopping)).exists()

    wait_ended(ids, timeout=20)  # the lease (300 s) would not have allowed this
    assert set(Execution.objects.filter(id__in=ids).values_list("status", flat=True)) == {
        Status.SUCCEEDED
    }
    finished = Counter(c["payload"]["id"] for c in calls(tmp_path) if c["phase"] == "end")
    by_other = {c["payload"]["id"] for c in calls(tmp_path) if c["pid"] == other.pid}
    assert by_other == set(range(4)) and all(finished[n] >= 1 for n in range(4))
