"""Step Functions execution, task-token and activity actions against a running engine.

The actions are called through the registry (`ACTIONS[name](Call(body, user))`), as the
endpoint does once it has parsed a signed request.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from baton.aws import arns
from baton.aws.actions import ACTIONS, AwsError, Call, load
from designer.models import Workflow
from designer.services import publish_version
from engine import functions
from engine.models import TaskRun, TaskStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def user() -> Any:
    found = User.objects.create_user(f"act-{uuid.uuid4().hex[:8]}")
    found.groups.add(Group.objects.get_or_create(name="admin")[0])
    return found


@pytest.fixture
def act(user: Any) -> Any:
    load()

    def call(action: str, **body: Any) -> dict[str, Any]:
        return ACTIONS[action](Call(body, user))

    return call


def machine(definition: dict[str, Any]) -> str:
    name = f"wf-{uuid.uuid4().hex[:10]}"
    publish_version(name, definition)
    return arns.state_machine(name)


def ended(act: Any, arn: str) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        described = act("DescribeExecution", executionArn=arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.05)
    raise AssertionError("the execution did not end")


PASSES = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Parameters": {"got.$": "$.x"}, "Next": "B"},
        "B": {"Type": "Pass", "End": True},
    },
}


def test_start_describe_and_page_through_the_history(act: Any, engine: None) -> None:
    arn = machine(PASSES)

    started = act("StartExecution", stateMachineArn=arn, name="first", input='{"x": 7}')
    described = ended(act, started["executionArn"])
    pages, token = [], None
    while True:
        body = {"executionArn": started["executionArn"], "maxResults": 2}
        page = act("GetExecutionHistory", **body, **({"nextToken": token} if token else {}))
        pages.append(page["events"])
        token = page.get("nextToken")
        if not token:
            break
    events = [e for p in pages for e in p]
    backwards = act("GetExecutionHistory", executionArn=started["executionArn"], reverseOrder=True)

    assert started["executionArn"].endswith(":execution:" + arn.rsplit(":", 1)[1] + ":first")
    assert described["status"] == "SUCCEEDED" and described["output"] == '{"got":7}'
    assert [e["type"] for e in events] == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    assert [e["id"] for e in events] == [1, 2, 3, 4, 5, 6] and len(pages) == 3
    assert events[1]["stateEnteredEventDetails"]["input"] == '{"x":7}'
    assert [e["id"] for e in backwards["events"]] == [6, 5, 4, 3, 2, 1]
    listed = act("ListExecutions", stateMachineArn=arn, statusFilter="SUCCEEDED")
    assert [e["name"] for e in listed["executions"]] == ["first"]
    for_execution = act("DescribeStateMachineForExecution", executionArn=started["executionArn"])
    assert for_execution["stateMachineArn"] == arn + ":1"


def test_start_sync_and_versions_and_errors(act: Any, engine: None) -> None:
    arn = machine(PASSES)

    answer = act("StartSyncExecution", stateMachineArn=arn + ":1", input='{"x": 1}')

    assert answer["status"] == "SUCCEEDED" and answer["output"] == '{"got":1}'
    act("StartExecution", stateMachineArn=arn, name="same", input="{}")
    with pytest.raises(AwsError) as exists:
        act("StartExecution", stateMachineArn=arn, name="same", input='{"other": 1}')
    with pytest.raises(AwsError) as missing:
        act("StartExecution", stateMachineArn=arn + "-nope")
    with pytest.raises(AwsError) as invalid:
        act("DescribeExecution", executionArn="arn:nope")
    with pytest.raises(AwsError) as no_execution:
        act("DescribeExecution", executionArn=arns.execution("nope", "nothing"))
    assert exists.value.code == "ExecutionAlreadyExists"
    assert missing.value.code == "StateMachineDoesNotExist"
    assert invalid.value.code == "InvalidArn"
    assert no_execution.value.code == "ExecutionDoesNotExist"


def test_a_task_token_completed_with_send_task_success(act: Any, engine: None) -> None:
    functions.register("aws-hand-out", lambda payload: "ignored")
    arn = machine(
        {
            "StartAt": "Ask",
            "States": {
                "Ask": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {
                        "FunctionName": "aws-hand-out",
                        "Payload": {"token.$": "$$.Task.Token"},
                    },
                    "End": True,
                }
            },
        }
    )
    started = act("StartExecution", stateMachineArn=arn, input="{}")
    deadline = time.monotonic() + 10
    while not TaskRun.objects.filter(status=TaskStatus.WAITING).exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    token = TaskRun.objects.get(status=TaskStatus.WAITING).token

    act("SendTaskHeartbeat", taskToken=token)
    act("SendTaskSuccess", taskToken=token, output='{"approved": true}')

    assert ended(act, started["executionArn"])["output"] == '{"approved":true}'
    with pytest.raises(AwsError) as late:
        act("SendTaskSuccess", taskToken=token, output="{}")
    with pytest.raises(AwsError) as unknown:
        act("SendTaskFailure", taskToken="not-a-token", error="E")
    assert late.value.code == "TaskTimedOut" and unknown.value.code == "TaskDoesNotExist"


def test_an_activity_worker_loop(act: Any, engine: None) -> None:
    created = act("CreateActivity", name="pack")
    activity = created["activityArn"]
    arn = machine(
        {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}}
    )
    runs = [act("StartExecution", stateMachineArn=arn, input=f'{{"n": {n}}}') for n in (1, 2)]

    done = 0
    while done < 2:
        task = act("GetActivityTask", activityArn=activity, workerName="w1")
        assert task, "a task should be waiting"
        value = json.loads(task["input"])
        act("SendTaskSuccess", taskToken=task["taskToken"], output=str(value["n"] * 10))
        done += 1

    outputs = sorted(ended(act, r["executionArn"])["output"] for r in runs)
    assert outputs == ["10", "20"]
    assert act("DescribeActivity", activityArn=activity)["name"] == "pack"
    assert [a["name"] for a in act("ListActivities")["activities"]] == ["pack"]
    with pytest.raises(AwsError) as bad_worker:
        act("GetActivityTask", activityArn=activity, workerName="w" * 81)
    assert bad_worker.value.code == "ValidationException"
    act("DeleteActivity", activityArn=activity)
    with pytest.raises(AwsError) as gone:
        act("DescribeActivity", activityArn=activity)
    assert gone.value.code == "ActivityDoesNotExist"


def test_stop_one_execution_and_redrive_a_failed_one(act: Any, engine: None) -> None:
    waits = machine({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})
    started = act("StartExecution", stateMachineArn=waits, input="{}")
    stopped = act("StopExecution", executionArn=started["executionArn"], error="E", cause="why")
    described = ended(act, started["executionArn"])
    assert stopped["stopDate"] and described["status"] == "ABORTED"
    assert described["error"] == "E"

    attempts: list[int] = []

    def flaky(payload: Any) -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first time fails")
        return {"ok": True}

    functions.register("aws-flaky", flaky)
    arn = machine(
        {
            "StartAt": "T",
            "States": {
                "T": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "aws-flaky", "Payload": {}},
                    "OutputPath": "$.Payload",
                    "End": True,
                }
            },
        }
    )
    failed = act("StartExecution", stateMachineArn=arn, input="{}")
    assert ended(act, failed["executionArn"])["status"] == "FAILED"

    redriven = act("RedriveExecution", executionArn=failed["executionArn"])
    final = ended(act, failed["executionArn"])

    assert redriven["redriveDate"] and final["status"] == "SUCCEEDED"
    assert final["redriveCount"] == 1
    with pytest.raises(AwsError) as not_again:
        act("RedriveExecution", executionArn=failed["executionArn"])
    assert not_again.value.code == "ExecutionNotRedrivable"


def test_deleting_a_state_machine_stops_its_running_executions(act: Any, engine: None) -> None:
    waits = machine({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})
    started = act("StartExecution", stateMachineArn=waits, input="{}")

    act("DeleteStateMachine", stateMachineArn=waits)

    stopped = ended(act, started["executionArn"])
    assert stopped["status"] == "ABORTED"
    assert stopped["cause"] == "The state machine was deleted."
    with pytest.raises(AwsError) as gone:
        act("StartExecution", stateMachineArn=waits, input="{}")
    assert gone.value.code == "StateMachineDoesNotExist"


def test_execution_names_follow_step_functions_rules(act: Any) -> None:
    arn = machine(PASSES)

    dotted = act("StartExecution", stateMachineArn=arn, name="order-7.retry_2@eu", input="{}")
    refused = []
    for name in ("has space", "a:b", "x" * 81, "tab\there", "ok\x00no", "[bracket]"):
        with pytest.raises(AwsError) as info:
            act("StartExecution", stateMachineArn=arn, name=name, input="{}")
        refused.append(info.value.code)

    assert dotted["executionArn"].endswith(":order-7.retry_2@eu")
    assert refused == ["InvalidName"] * 6


def test_activities_take_tags_and_step_functions_names(act: Any) -> None:
    tagged = act("CreateActivity", name="label", tags=[{"key": "team", "value": "ops"}])
    fresh = act("CreateActivity", name="pack.v2")["activityArn"]

    act("TagResource", resourceArn=fresh, tags=[{"key": "tier", "value": "gold"}])
    with pytest.raises(AwsError) as bad_name:
        act("CreateActivity", name="pack it")
    act("DeleteActivity", activityArn=fresh)
    with pytest.raises(AwsError) as gone:
        act("ListTagsForResource", resourceArn=fresh)

    listed = act("ListTagsForResource", resourceArn=tagged["activityArn"])["tags"]
    assert listed == [{"key": "team", "value": "ops"}]
    assert bad_name.value.code == "InvalidName"
    assert gone.value.code == "ResourceNotFound"


def test_racing_creates_of_one_state_machine_make_one(act: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    definitions = [json.dumps(PASSES)] * 4 + [json.dumps({**PASSES, "Comment": "other"})] * 4

    def create(definition: str) -> str:
        try:
            act("CreateStateMachine", name="raced", definition=definition, roleArn="r")
            return "created"
        except AwsError as refused:
            return refused.code
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(create, definitions))

    # one definition won; its twins were idempotent, the other definition's were refused
    assert sorted(set(answers)) == ["StateMachineAlreadyExists", "created"]
    assert answers.count("created") == 4
    assert Workflow.objects.get(name="raced").versions.count() == 1


def test_a_sync_start_that_outlasts_its_wait_is_stopped_and_timed_out(
    act: Any, engine: None, settings: Any
) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "SYNC_EXECUTION_SECONDS": 0.5}
    naps = machine({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})

    answer = act("StartSyncExecution", stateMachineArn=naps, input="{}")

    assert (answer["status"], answer["error"]) == ("TIMED_OUT", "States.Timeout")
    assert "0.5 seconds" in answer["cause"]
    described = act("DescribeExecution", executionArn=answer["executionArn"])
    assert described["status"] == "ABORTED"  # it does not go on behind the caller's back
