"""Issue 5, "Done when": boto3 and the AWS CLI drive Baton as they drive Step Functions.

Baton runs as it does in production: daphne serving /aws/ and a `manage.py runengine`, both
subprocesses on the test database. The clients are the real ones (boto3's `stepfunctions`
client, the `aws` command from awscli) pointed at Baton with `endpoint_url`, signing with a
Baton access key. The engine imports tests/orders.py for the workflow's "Lambda" functions.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from tests.aws.clients import (
    REGION,
    access_key,
    aws_cli,
    boto3_client,
    cli_json,
    ended,
    error_code,
    history_types,
)
from tests.orders import definition, engine_env, handed_out_token
from tests.processes import running_baton

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PREFIX = f"arn:aws:states:{REGION}:000000000000:"
ROLE = "arn:aws:iam::000000000000:role/service-role/StepFunctions-orders"


# -- Baton, as processes ------------------------------------------------------------------------


class Baton:
    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder


@pytest.fixture(scope="module")
def baton(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Baton]:
    """daphne and one engine on the test database, for every test of this file."""
    folder = tmp_path_factory.mktemp("sfn")
    with running_baton(folder, engine_env(folder)) as url:
        yield Baton(url + "/aws/", folder)


# -- what the clients run -----------------------------------------------------------------------


def orders(label: str) -> str:
    return json.dumps(definition(label), indent=2)


def packing(activity_arn: str) -> str:
    """A Map whose every item is packed by an activity worker."""
    task = {"Type": "Task", "Resource": activity_arn, "TimeoutSeconds": 60, "End": True}
    return json.dumps(
        {
            "StartAt": "Pack",
            "States": {
                "Pack": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "ItemProcessor": {"StartAt": "PackOne", "States": {"PackOne": task}},
                    "End": True,
                }
            },
        }
    )


# -- boto3 --------------------------------------------------------------------------------------


def test_boto3_creates_publishes_aliases_and_runs_executions(baton: Baton) -> None:
    sfn = boto3_client(baton.url, access_key("boto", "designer", "operator"))

    # a state machine from a definition, a second published version, an alias on the first
    created = sfn.create_state_machine(
        name="orders", definition=orders("v1"), roleArn=ROLE, publish=True
    )
    machine = created["stateMachineArn"]
    assert machine == PREFIX + "stateMachine:orders"
    v1 = created["stateMachineVersionArn"]
    v2 = sfn.update_state_machine(stateMachineArn=machine, definition=orders("v2"), publish=True)[
        "stateMachineVersionArn"
    ]
    assert (v1, v2) == (machine + ":1", machine + ":2")
    listed = sfn.list_state_machine_versions(stateMachineArn=machine)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in listed] == [v2, v1]
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}]
    )["stateMachineAliasArn"]
    assert alias == machine + ":live"
    assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["routingConfiguration"] == [
        {"stateMachineVersionArn": v1, "weight": 100}
    ]
    assert json.loads(sfn.describe_state_machine(stateMachineArn=v1)["definition"])["Comment"] == (
        "orders v1"
    )

    # an execution through the alias, described until it ends
    first = sfn.start_execution(stateMachineArn=alias, name="first", input='{"mode": "plain"}')
    assert first["executionArn"] == PREFIX + "execution:orders:first"
    described = ended(sfn, first["executionArn"])
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {"mode": "plain", "label": "v1"}
    assert described["stateMachineVersionArn"] == v1
    assert described["stateMachineAliasArn"] == alias

    # its history, through the paginator, is Step Functions' numbering and shape
    pages = list(
        sfn.get_paginator("get_execution_history").paginate(
            executionArn=first["executionArn"], PaginationConfig={"PageSize": 2}
        )
    )
    events = [event for page in pages for event in page["events"]]
    assert len(pages) == 3
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"),
        (2, 0, "ChoiceStateEntered"),  # as Step Functions chains them
        (3, 2, "ChoiceStateExited"),
        (4, 3, "PassStateEntered"),
        (5, 4, "PassStateExited"),
        (6, 5, "ExecutionSucceeded"),
    ]
    assert events[0]["executionStartedEventDetails"] == {
        "input": '{"mode":"plain"}',
        "inputDetails": {"truncated": False},
        "roleArn": "arn:aws:iam::000000000000:role/baton",
        "stateMachineVersionArn": v1,
        "stateMachineAliasArn": alias,
    }
    assert events[3]["stateEnteredEventDetails"]["name"] == "Done"
    backwards = sfn.get_execution_history(executionArn=first["executionArn"], reverseOrder=True)
    assert [e["id"] for e in backwards["events"]] == [6, 5, 4, 3, 2, 1]

    # an execution waiting on a task token, completed with SendTaskSuccess
    waiting = sfn.start_execution(
        stateMachineArn=machine, name="needs-approval", input='{"mode": "callback"}'
    )
    token = handed_out_token(baton.folder, "needs-approval")
    sfn.send_task_heartbeat(taskToken=token)
    assert sfn.describe_execution(executionArn=waiting["executionArn"])["status"] == "RUNNING"
    while_waiting = history_types(sfn, waiting["executionArn"], until="TaskSubmitted")
    assert while_waiting[-4:] == [
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSubmitted",  # the Lambda ran and handed the token out; the task waits for it
    ]
    sfn.send_task_success(taskToken=token, output='{"approved": true}')
    approved = ended(sfn, waiting["executionArn"])
    assert approved["status"] == "SUCCEEDED", approved
    assert json.loads(approved["output"])["approval"] == {"approved": True}
    assert approved["stateMachineVersionArn"] == v2  # the machine's ARN starts its latest
    with pytest.raises(sfn.exceptions.TaskTimedOut):  # its task has ended
        sfn.send_task_success(taskToken=token, output="{}")
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.describe_execution(executionArn=PREFIX + "execution:orders:never-started")
    task_events = sfn.get_execution_history(executionArn=waiting["executionArn"])["events"]
    assert [e["type"] for e in task_events][3:8] == [
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSubmitted",
        "TaskSucceeded",
    ]
    submitted = next(e for e in task_events if e["type"] == "TaskSubmitted")
    assert json.loads(submitted["taskSubmittedEventDetails"]["output"])["StatusCode"] == 200
    scheduled = next(e for e in task_events if e["type"] == "TaskScheduled")
    assert scheduled["taskScheduledEventDetails"]["resourceType"] == "lambda"
    assert scheduled["taskScheduledEventDetails"]["resource"] == "invoke.waitForTaskToken"
    succeeded = next(e for e in task_events if e["type"] == "TaskSucceeded")
    assert succeeded["taskSucceededEventDetails"]["resource"] == "invoke.waitForTaskToken"

    # one execution stopped
    parked = sfn.start_execution(stateMachineArn=v1, input='{"mode": "park"}')
    history_types(sfn, parked["executionArn"], until="WaitStateEntered")  # parked, then stopped
    sfn.stop_execution(executionArn=parked["executionArn"], error="Orders.Cancelled", cause="no")
    stopped = ended(sfn, parked["executionArn"])
    assert history_types(sfn, parked["executionArn"])[-3:] == [
        "WaitStateEntered",
        "WaitStateAborted",
        "ExecutionAborted",
    ]
    assert (stopped["status"], stopped["error"], stopped["cause"]) == (
        "ABORTED",
        "Orders.Cancelled",
        "no",
    )

    # a failed one redriven once what failed it is fixed
    broken = sfn.start_execution(stateMachineArn=machine, input='{"mode": "flaky"}')
    failed = ended(sfn, broken["executionArn"])
    assert (failed["status"], failed["error"]) == ("FAILED", "RuntimeError"), failed
    assert failed["redriveStatus"] == "REDRIVABLE"
    (baton.folder / "fixed").touch()
    sfn.redrive_execution(executionArn=broken["executionArn"])
    healed = ended(sfn, broken["executionArn"])
    assert healed["status"] == "SUCCEEDED", healed
    assert healed["redriveCount"] == 1
    assert json.loads(healed["output"])["charge"] == {"fixed": True}

    # and the list finds all four, newest first
    runs = sfn.list_executions(stateMachineArn=machine)["executions"]
    assert [run["executionArn"] for run in runs] == [
        broken["executionArn"],
        parked["executionArn"],
        waiting["executionArn"],
        first["executionArn"],
    ]


def test_boto3_activity_worker_loop(baton: Baton) -> None:
    sfn = boto3_client(baton.url, access_key("packer", "designer", "operator"))
    activity = sfn.create_activity(name="pack")["activityArn"]
    assert activity == PREFIX + "activity:pack"
    machine = sfn.create_state_machine(name="packing", definition=packing(activity), roleArn=ROLE)
    run = sfn.start_execution(
        stateMachineArn=machine["stateMachineArn"], input='{"items": [1, 2, 3]}'
    )

    # the worker loop a Step Functions activity worker runs
    packed = 0
    while packed < 3:
        task = sfn.get_activity_task(activityArn=activity, workerName="packer-1")
        if task.get("taskToken"):
            # taken is started: the history says so before the worker answers
            taken = history_types(sfn, run["executionArn"]).count("ActivityStarted")
            assert taken == packed + 1
            item = json.loads(task["input"])
            sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps(item * 10))
            packed += 1

    done = ended(sfn, run["executionArn"])
    assert done["status"] == "SUCCEEDED", done
    assert json.loads(done["output"]) == [10, 20, 30]
    events = sfn.get_execution_history(executionArn=run["executionArn"], maxResults=1000)["events"]
    started = [e["activityStartedEventDetails"] for e in events if e["type"] == "ActivityStarted"]
    assert started == [{"workerName": "packer-1"}] * 3
    scheduled = [
        e["activityScheduledEventDetails"] for e in events if e["type"] == "ActivityScheduled"
    ]
    assert [(d["resource"], d["timeoutInSeconds"]) for d in scheduled] == [(activity, 60)] * 3
    iterations = [e for e in events if e["type"] == "MapIterationSucceeded"]
    assert sorted(e["mapIterationSucceededEventDetails"]["index"] for e in iterations) == [0, 1, 2]
    assert {e["mapIterationSucceededEventDetails"]["name"] for e in iterations} == {"Pack"}


def test_boto3_with_wrong_credentials_is_refused(baton: Baton) -> None:
    key = access_key("careful", "viewer")
    assert boto3_client(baton.url, key).list_state_machines()["stateMachines"] == []

    with pytest.raises(ClientError) as wrong_secret:
        boto3_client(baton.url, (key[0], "not-the-secret")).list_state_machines()
    with pytest.raises(ClientError) as unknown_key:
        boto3_client(baton.url, ("BTNNOSUCHKEY0000000", key[1])).list_state_machines()
    with pytest.raises(ClientError) as not_allowed:
        boto3_client(baton.url, key).start_execution(stateMachineArn=PREFIX + "stateMachine:x")

    assert error_code(wrong_secret) == "InvalidSignatureException"
    assert error_code(unknown_key) == "UnrecognizedClientException"
    assert error_code(not_allowed) == "AccessDeniedException"  # a viewer may not start


# -- the AWS CLI --------------------------------------------------------------------------------


def test_aws_cli_creates_starts_describes_and_reads_history(baton: Baton) -> None:
    key = access_key("cli", "designer", "operator")

    created = cli_json(
        baton.url,
        key,
        "create-state-machine",
        "--name",
        "cli-orders",
        "--definition",
        orders("cli"),
        "--role-arn",
        ROLE,
    )
    machine = created["stateMachineArn"]
    assert machine == PREFIX + "stateMachine:cli-orders"
    described_machine = cli_json(
        baton.url, key, "describe-state-machine", "--state-machine-arn", machine
    )
    assert described_machine["definition"] == orders("cli")  # as given, byte for byte
    started = cli_json(
        baton.url,
        key,
        "start-execution",
        "--state-machine-arn",
        machine,
        "--name",
        "from-cli",
        "--input",
        '{"mode": "plain"}',
    )
    deadline = time.monotonic() + 30
    while (
        described := cli_json(
            baton.url, key, "describe-execution", "--execution-arn", started["executionArn"]
        )
    )["status"] == "RUNNING":
        assert time.monotonic() < deadline, described
        time.sleep(0.2)
    history = cli_json(
        baton.url,
        key,
        "get-execution-history",
        "--execution-arn",
        started["executionArn"],
        "--page-size",
        "2",
    )

    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {"mode": "plain", "label": "cli"}
    assert described["name"] == "from-cli"
    # the CLI follows nextToken itself and prints every event
    assert [e["type"] for e in history["events"]] == [
        "ExecutionStarted",
        "ChoiceStateEntered",
        "ChoiceStateExited",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    assert [e["id"] for e in history["events"]] == [1, 2, 3, 4, 5, 6]


def test_aws_cli_with_wrong_credentials_is_refused(baton: Baton) -> None:
    key = access_key("cli-careful", "viewer")
    assert cli_json(baton.url, key, "list-state-machines") == {"stateMachines": []}

    wrong_secret = aws_cli(baton.url, (key[0], "not-the-secret"), "list-state-machines")
    unknown_key = aws_cli(baton.url, ("BTNNOSUCHKEY0000000", key[1]), "list-state-machines")

    assert wrong_secret.returncode != 0 and "InvalidSignatureException" in wrong_secret.stderr
    assert unknown_key.returncode != 0 and "UnrecognizedClientException" in unknown_key.stderr
    assert wrong_secret.stdout == unknown_key.stdout == ""


def test_start_sync_execution_with_host_prefix_injection_off(
    baton: Baton, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SDKs send StartSyncExecution to "sync-" + the host; against one Baton URL, turn that off
    monkeypatch.setenv("AWS_DISABLE_HOST_PREFIX_INJECTION", "true")
    key = access_key("sync", "designer", "operator")
    sfn = boto3_client(baton.url, key)
    machine = sfn.create_state_machine(name="quick", definition=orders("sync"), roleArn=ROLE)

    answered = sfn.start_sync_execution(
        stateMachineArn=machine["stateMachineArn"], input='{"mode": "plain"}'
    )
    from_cli = cli_json(
        baton.url,
        key,
        "start-sync-execution",
        "--state-machine-arn",
        machine["stateMachineArn"],
        "--input",
        '{"mode": "plain"}',
    )

    assert answered["status"] == "SUCCEEDED"
    assert json.loads(answered["output"])["label"] == "sync"
    assert from_cli["status"] == "SUCCEEDED"
