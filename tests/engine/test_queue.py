"""Long-running functions (`@function(..., queue=True)`) run on a real django-q2 cluster.

The cluster is `manage.py qcluster` in a subprocess on the test database; it imports this very
module (PYTHONPATH + BATON_FUNCTION_MODULES) so it knows the functions below. The engine runs
in the test process and delivers the outcome the cluster reports by token.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baton import function
from designer.services import publish_version
from engine import tasks
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status, TaskRun, TaskStatus
from tests.processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


class KilnTooCold(Exception):
    """Raised by the queued function below; its class name becomes the Task's error."""


@function("test-queue-square", queue=True)
def square(event: dict[str, Any]) -> dict[str, Any]:
    return {"square": event["n"] ** 2, "pid": os.getpid(), "started": time.time()}


@function("test-queue-fire", queue=True)
def fire_pottery(event: Any) -> None:
    raise KilnTooCold("the kiln reached 600 °C of the 1200 °C needed")


@pytest.fixture
def qcluster(transactional_db: None) -> Iterator[list[str]]:
    """A running `manage.py qcluster` on the test database; yields its output lines."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "PYTHONPATH": str(Path(__file__).parent),
        "BATON_FUNCTION_MODULES": "test_queue",
        "PYTHONUNBUFFERED": "1",
    }
    child = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line)
            if "running" in line.lower() and "cluster" in line.lower():
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert ready.wait(30), "qcluster did not start:\n" + "".join(lines)
        yield lines
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run(resource: str, value: Any, **fields: Any) -> Execution:
    definition = {
        "StartAt": "Call",
        "States": {"Call": {"Type": "Task", "Resource": resource, "End": True, **fields}},
    }
    version = publish_version(f"queue-{uuid.uuid4().hex[:12]}", definition)
    execution, _ = start_execution(version, value)
    run_until_ended([execution.id])
    execution.refresh_from_db()
    return execution


def test_a_queued_function_runs_on_the_cluster_and_completes_the_execution(
    qcluster: list[str],
) -> None:
    execution = run(ARN + "test-queue-square", {"n": 12}, TimeoutSeconds=60)
    assert execution.status == Status.SUCCEEDED, "".join(qcluster)
    assert execution.output["square"] == 144
    # It ran in a cluster worker, not in this process's engine
    assert execution.output["pid"] != os.getpid()


def test_lambda_invoke_of_a_queued_function_wraps_the_result(qcluster: list[str]) -> None:
    parameters = {"FunctionName": "test-queue-square", "Payload": {"n": 3}}
    execution = run("arn:aws:states:::lambda:invoke", {}, Parameters=parameters)
    assert execution.status == Status.SUCCEEDED, "".join(qcluster)
    assert execution.output["Payload"]["square"] == 9
    assert execution.output["StatusCode"] == 200


def test_a_raising_queued_function_fails_the_task_with_its_class_name_and_message(
    qcluster: list[str],
) -> None:
    execution = run(ARN + "test-queue-fire", {})
    assert execution.status == Status.FAILED, "".join(qcluster)
    assert execution.error == "KilnTooCold"
    assert execution.cause == "the kiln reached 600 °C of the 1200 °C needed"


def test_the_pickup_latency_of_the_cluster_is_measured(qcluster: list[str]) -> None:
    """From starting the execution to the function starting in a cluster worker."""
    latencies = []
    for n in range(5):
        began = time.time()
        execution = run(ARN + "test-queue-square", {"n": n})
        assert execution.status == Status.SUCCEEDED
        latencies.append(execution.output["started"] - began)
    median = statistics.median(latencies)
    print(f"queued function pickup: median {median * 1000:.0f} ms, max {max(latencies) * 1000:.0f}")
    assert median < 2.0


def test_a_spent_token_is_dropped_without_error() -> None:
    version = publish_version(
        "queue-spent", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    )
    execution, _ = start_execution(version, {})
    TaskRun.objects.create(
        execution=execution,
        key="k",
        state="Call",
        resource=ARN + "test-queue-square",
        token=f"{execution.id}.k",
        status=TaskStatus.DONE,
        created_at=execution.started_at,
    )
    tasks.run_queued_function(f"{execution.id}.k", "test-queue-square", {"n": 2})
    tasks.run_queued_function("not-a-token", "test-queue-square", {"n": 2})
    assert TaskRun.objects.get().outcome is None
