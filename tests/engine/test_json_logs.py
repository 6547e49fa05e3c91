"""BATON_LOG_FORMAT=json: a real `runengine` writes its log lines as JSON, one object a line, and
a function's lines carry the execution id, workflow, version, state and attempt, its baton.log
fields, and an exception's traceback. Functions: tests/engine/task_log_functions.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution, Status
from tests.processes import REPO, database_url, function_env

pytestmark = pytest.mark.django_db(transaction=True)

HERE = Path(__file__).resolve().parent
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class JsonEngine:
    """`manage.py runengine` with BATON_LOG_FORMAT=json; its stderr (the log) apart from its
    stdout (the command's own lines)."""

    def __init__(self, folder: Path) -> None:
        self.stderr = folder / "engine.stderr"
        self.stdout = folder / "engine.stdout"
        env = {
            **os.environ,
            **function_env(HERE, "task_log_functions"),
            "DATABASE_URL": database_url(),
            "BATON_LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        with self.stdout.open("wb") as out, self.stderr.open("wb") as err:
            argv = [sys.executable, "manage.py", "runengine", "--concurrency", "2"]
            self.proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=out, stderr=err)
        self._wait(lambda: "running, concurrency" in self.stdout.read_text(), "start")

    def _wait(self, done: Any, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the engine did not {what}:\n{self.stderr.read_text()}")
            time.sleep(0.05)

    def finish(self, execution: Execution) -> None:
        running = Execution.objects.filter(id=execution.id, status=Status.RUNNING)
        self._wait(lambda: not running.exists(), "finish the execution")

    def stop(self) -> list[str]:
        """Stop the engine; its log lines."""
        self.proc.terminate()
        self.proc.wait(timeout=30)
        return self.stderr.read_text().splitlines()


@pytest.fixture
def json_engine(tmp_path: Path, transactional_db: None) -> Iterator[JsonEngine]:
    engine = JsonEngine(tmp_path)
    yield engine
    if engine.proc.poll() is None:
        engine.stop()


def refund(order: int) -> Execution:
    definition = {
        "StartAt": "Refund",
        "States": {"Refund": {"Type": "Task", "Resource": ARN + "task-log-refund", "End": True}},
    }
    version = publish_version(f"json-logs-{uuid.uuid4().hex[:8]}", definition)
    execution, _ = start_execution(version, {"order": order})
    return execution


def line_saying(lines: list[dict[str, Any]], message: str) -> dict[str, Any]:
    found = [line for line in lines if line["message"] == message]
    assert len(found) == 1, f"{message!r} in {lines}"
    return found[0]


def test_an_engine_writes_json_lines_that_carry_the_execution_of_a_function_line(
    json_engine: JsonEngine,
) -> None:
    execution = refund(42)
    json_engine.finish(execution)

    raw = json_engine.stop()
    lines = [json.loads(text) for text in raw]  # every line is one JSON object
    assert all(isinstance(line, dict) for line in lines) and len(lines) >= 2
    logged = line_saying(lines, "refunding")
    assert logged | {"timestamp": "", "pid": 0, "thread": ""} == {
        "timestamp": "",
        "level": "info",
        "logger": "baton.task",
        "message": "refunding",
        "process": "engine",
        "pid": 0,
        "thread": "",
        "execution_id": str(execution.id),
        "workflow": execution.workflow.name,
        "version": 1,
        "state": "Refund",
        "attempt": 0,
        "order_id": 42,
    }
    assert TIMESTAMP.match(logged["timestamp"]) and logged["pid"] == json_engine.proc.pid
    # A line with an exception carries its traceback, and the execution too
    failed = line_saying(lines, "refund failed")
    assert failed["level"] == "error" and failed["logger"] == "orders"
    assert failed["execution_id"] == str(execution.id) and failed["state"] == "Refund"
    assert failed["exception"].startswith("Traceback (most recent call last):")
    assert failed["exception"].endswith("ValueError: no card on file for order 42")
