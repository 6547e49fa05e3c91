"""`from baton import log` inside a Python function: a TaskLog event in the execution's history,
just before the task's outcome, on each way a function runs (a task run, inline in the
transition, queued on the django-q2 cluster), within the history's limits, and readable wherever
the history is read. Functions: tests/engine/task_log_functions.py."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from baton import log
from baton.aws import arns
from baton.aws.actions import ACTIONS, Call, load
from designer.services import publish_version
from engine import inline, tasklocal
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, HistoryEvent, Status
from tests.engine import task_log_functions  # noqa: F401 - registers the functions
from tests.processes import Process, function_env

pytestmark = pytest.mark.django_db(transaction=True)

HERE = Path(__file__).resolve().parent
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def run(function: str, value: Any, **fields: Any) -> Execution:
    """A one-Task workflow (state "Pay") calling `function`, run by an in-process engine."""
    definition = {
        "StartAt": "Pay",
        "States": {"Pay": {"Type": "Task", "Resource": ARN + function, "End": True, **fields}},
    }
    version = publish_version(f"task-log-{uuid.uuid4().hex[:10]}", definition)
    execution, _ = start_execution(version, value)
    run_until_ended([execution.id])
    execution.refresh_from_db()
    return execution


def history(execution: Execution) -> list[HistoryEvent]:
    return list(execution.events.order_by("event_id"))


def logged(execution: Execution) -> list[dict[str, Any]]:
    return [event.details for event in history(execution) if event.type == "TaskLog"]


def types_around_the_log(execution: Execution) -> list[str]:
    """The types of the events from the task's start to its outcome, both included."""
    types = [event.type for event in history(execution)]
    outcome = next(
        i
        for i, kind in enumerate(types)
        if kind.startswith("LambdaFunctionSu") or kind == "LambdaFunctionFailed"
    )
    return types[types.index("LambdaFunctionStarted") : outcome + 1]


def test_a_task_run_function_log_line_is_in_the_history_before_its_outcome() -> None:
    execution = run("task-log-pay", {"order": 42}, TimeoutSeconds=30)  # TimeoutSeconds: a task run

    assert execution.status == Status.SUCCEEDED and execution.output["inline"] is False
    assert types_around_the_log(execution) == [
        "LambdaFunctionStarted",
        "TaskLog",
        "LambdaFunctionSucceeded",
    ]
    [details] = logged(execution)
    assert details["level"] == "info" and details["message"] == "waiting on payment"
    assert details["fields"] == {"order_id": 42, "amount": 12.5}
    assert details["state"] == "Pay" and details["loggedAt"].startswith("20")
    # It follows the task's own events in its thread, as the live view's fold needs
    events = {event.type: event for event in history(execution)}
    assert events["TaskLog"].previous_event_id == events["LambdaFunctionStarted"].event_id
    assert events["LambdaFunctionSucceeded"].previous_event_id == events["TaskLog"].event_id


def test_a_quick_function_run_inline_logs_into_the_history_too() -> None:
    inline.record_duration("task-log-pay", 0.0)  # known quick: runs inside the transition

    execution = run("task-log-pay", {"order": 7})

    assert execution.output == {"paid": 7, "inline": True}
    assert types_around_the_log(execution) == [
        "LambdaFunctionStarted",
        "TaskLog",
        "LambdaFunctionSucceeded",
    ]
    assert logged(execution)[0]["fields"] == {"order_id": 7, "amount": 12.5}


def test_what_a_failing_function_logged_is_kept_before_its_failure() -> None:
    execution = run("task-log-declined", {"order": 9}, TimeoutSeconds=30)

    assert execution.status == Status.FAILED and execution.error == "PaymentDeclined"
    assert types_around_the_log(execution)[-2:] == ["TaskLog", "LambdaFunctionFailed"]
    assert logged(execution)[0]["message"] == "card declined"


def test_a_task_attempt_keeps_a_hundred_lines_and_one_more_says_how_many_were_left_out() -> None:
    execution = run("task-log-chatty", {"lines": 150}, TimeoutSeconds=30)

    notes = logged(execution)
    assert execution.output == 150 and len(notes) == 101
    assert [note["message"] for note in notes[:100]] == [f"line {n}" for n in range(1, 101)]
    assert notes[0] | {"loggedAt": ""} == {
        "level": "debug",
        "message": "line 1",
        "fields": {"n": 1},
        "state": "Pay",
        "loggedAt": "",
    }
    assert notes[100]["dropped"] == 50
    assert (
        notes[100]["message"] == "50 more log lines were left out: a task attempt keeps 100 at most"
    )


def test_one_line_too_many_is_counted_in_the_singular() -> None:
    notes = logged(run("task-log-chatty", {"lines": 101}, TimeoutSeconds=30))

    assert len(notes) == 101 and notes[-1]["message"].startswith("1 more log line was left out")


def test_a_long_message_is_cut_odd_values_kept_as_their_repr_and_big_fields_left_out() -> None:
    execution = run("task-log-odd", {}, TimeoutSeconds=30)

    long, big, nul = logged(execution)
    assert execution.status == Status.SUCCEEDED
    assert len(long["message"]) == 1000 and long["message"] == "x" * 999 + "…"
    assert long["fields"]["count"] == 3
    assert long["fields"]["when"].startswith("<object object at 0x")
    # Postgres refuses NUL in JSON: it becomes U+FFFD, in fields and messages alike
    assert long["fields"]["raw"] == {"k\ufffd": ["nul\ufffdhere"]}
    assert nul["message"] == "a NUL\ufffdin the message"
    assert big["message"] == "a big order" and big["fields"] == {}
    assert "over the 8 KiB a log line keeps" in big["fieldsOmitted"]


def test_outside_a_task_log_info_only_writes_the_log_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="baton.task"):
        log.info("no task here", order_id=5, name="a field named as a LogRecord attribute")

    assert tasklocal.current() is None
    [record] = [r for r in caplog.records if r.name == "baton.task"]
    assert record.getMessage() == "no task here" and record.levelname == "INFO"
    assert record.order_id == 5  # type: ignore[attr-defined]
    assert record.name_ == "a field named as a LogRecord attribute"  # type: ignore[attr-defined]


def test_the_rest_api_the_execution_page_and_the_aws_history_read_a_task_log(
    alice: User, alice_client: Client
) -> None:
    execution = run("task-log-pay", {"order": 42}, TimeoutSeconds=30)

    # the REST API: as the engine wrote it
    api = alice_client.get(f"/api/executions/{execution.id}/history/").json()["events"]
    [rest] = [event for event in api if event["type"] == "TaskLog"]
    assert rest["details"]["message"] == "waiting on payment"
    assert rest["details"]["fields"]["order_id"] == 42
    # the execution page, rendered before its script runs
    page = alice_client.get(f"/executions/{execution.id}/")
    assert page.status_code == 200 and b"TaskLog" in page.content
    # the AWS API: left out, numbered and chained as Step Functions would have written it
    load()
    arn = arns.execution(execution.workflow.name, execution.name)
    aws = ACTIONS["GetExecutionHistory"](Call({"executionArn": arn}, alice))["events"]
    assert [event["type"] for event in aws] == [
        "ExecutionStarted",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]
    assert [event["id"] for event in aws] == [1, 2, 3, 4, 5, 6, 7]
    # (the first state's Entered names no previous event in Baton's histories)
    assert [event["previousEventId"] for event in aws] == [0, 0, 2, 3, 4, 5, 6]
    backwards = ACTIONS["GetExecutionHistory"](
        Call({"executionArn": arn, "reverseOrder": True}, alice)
    )
    assert [event["id"] for event in backwards["events"]] == [7, 6, 5, 4, 3, 2, 1]


@pytest.fixture
def qcluster(tmp_path: Path, transactional_db: None) -> Iterator[Process]:
    """`manage.py qcluster` on the test database, knowing the functions of this test."""
    env = function_env(HERE, "task_log_functions")
    cluster = Process.manage("qcluster", log=tmp_path / "qcluster.log", env=env)
    try:
        yield cluster.wait_for(": running, ")
    finally:
        cluster.stop()
        print(cluster.tail())


def test_a_queued_function_on_the_cluster_logs_into_the_history(qcluster: Process) -> None:
    execution = run("task-log-queued-pay", {"order": 77}, TimeoutSeconds=60)

    assert execution.status == Status.SUCCEEDED, qcluster.output()
    assert types_around_the_log(execution)[-2:] == ["TaskLog", "LambdaFunctionSucceeded"]
    [details] = logged(execution)
    assert details["message"] == "waiting on payment" and details["fields"] == {"order_id": 77}
