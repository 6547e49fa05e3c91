"""Malformed requests get a Step Functions error naming the field, never an exception (a 500).

Every action is called with a valid body in which one field at a time is replaced by a value of
the wrong type, shape or size; the action must answer or raise AwsError. boto3 checks types on
the client side, so these are what other clients (or a hand-made request) can send.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from baton.aws.actions import ACTIONS, AwsError, Call, load
from designer.services import publish_version, put_alias
from engine import activities
from engine.executions import start_execution

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

P = "arn:aws:states:us-east-1:000000000000:"
MACHINE = P + "stateMachine:wf"
EXECUTION = P + "execution:wf:e1"
DEFINITION = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
ROUTE = [{"stateMachineVersionArn": MACHINE + ":1", "weight": 100}]
VALID = {
    "CreateStateMachine": {"name": "n1", "definition": DEFINITION, "roleArn": "r"},
    "UpdateStateMachine": {"stateMachineArn": MACHINE, "definition": DEFINITION, "publish": True},
    "DescribeStateMachine": {"stateMachineArn": MACHINE},
    "ListStateMachines": {},
    "DeleteStateMachine": {"stateMachineArn": P + "stateMachine:other"},
    "ValidateStateMachineDefinition": {"definition": DEFINITION},
    "PublishStateMachineVersion": {"stateMachineArn": MACHINE},
    "ListStateMachineVersions": {"stateMachineArn": MACHINE},
    "DeleteStateMachineVersion": {"stateMachineVersionArn": MACHINE + ":1"},
    "CreateStateMachineAlias": {"name": "a2", "routingConfiguration": ROUTE},
    "UpdateStateMachineAlias": {"stateMachineAliasArn": MACHINE + ":live"},
    "DescribeStateMachineAlias": {"stateMachineAliasArn": MACHINE + ":live"},
    "ListStateMachineAliases": {"stateMachineArn": MACHINE},
    "DeleteStateMachineAlias": {"stateMachineAliasArn": MACHINE + ":other"},
    "StartExecution": {"stateMachineArn": MACHINE, "input": "{}"},
    "DescribeExecution": {"executionArn": EXECUTION},
    "ListExecutions": {"stateMachineArn": MACHINE},
    "GetExecutionHistory": {"executionArn": EXECUTION},
    "StopExecution": {"executionArn": P + "execution:wf:other"},
    "RedriveExecution": {"executionArn": EXECUTION},
    "DescribeStateMachineForExecution": {"executionArn": EXECUTION},
    "SendTaskSuccess": {"taskToken": "t", "output": "{}"},
    "SendTaskFailure": {"taskToken": "t"},
    "SendTaskHeartbeat": {"taskToken": "t"},
    "CreateActivity": {"name": "act2"},
    "DescribeActivity": {"activityArn": P + "activity:act"},
    "ListActivities": {},
    "DeleteActivity": {"activityArn": P + "activity:other"},
    "TagResource": {"resourceArn": MACHINE, "tags": [{"key": "k", "value": "v"}]},
    "UntagResource": {"resourceArn": MACHINE, "tagKeys": ["k"]},
    "ListTagsForResource": {"resourceArn": MACHINE},
}
# Fields any action may be sent besides its own.
ALSO = [
    "maxResults", "nextToken", "name", "publish", "revisionId", "reverseOrder", "error", "cause"
]  # fmt: skip
WRONG = [
    None, 5, -1, 2**40, True, "", "x", "x" * 3000, [], {}, [1], {"a": 1},
    "\x00", "a\x00b", '{"a": NaN}', '"\\u0000"', "[1,2", "{}",
    MACHINE + ":99", MACHINE + ":live", EXECUTION, P + "activity:act", "arn:aws:states:::x",
    [{"key": 1}], [{"key": "k" * 200, "value": "v"}],
    [{"stateMachineVersionArn": MACHINE + ":1", "weight": "a"}], [{"weight": 100}],
    "EXPRESS", "RUNNING", "WARNING",
]  # fmt: skip


@pytest.fixture
def admin() -> Any:
    user = User.objects.create_user("fuzzer")
    user.groups.add(Group.objects.get_or_create(name="admin")[0])
    version = publish_version("wf", DEFINITION)
    put_alias(version.workflow, "live", [{"version": 1, "weight": 100}])
    start_execution(version, {}, name="e1")
    activities.create_activity("act")
    return user


def test_every_action_answers_a_wrong_field_with_an_aws_error(admin: Any) -> None:
    load()
    assert set(VALID) <= set(ACTIONS)
    crashes = []
    for action, body in sorted(VALID.items()):
        for field, value in itertools.product(sorted({*body, *ALSO}), WRONG):
            try:
                ACTIONS[action](Call({**body, field: value}, admin))
            except AwsError:
                pass
            except Exception as exc:  # noqa: BLE001 - what the test looks for
                crashes.append(f"{action} {field}={value!r:.40}: {type(exc).__name__}: {exc}")
    assert crashes == [], "\n".join(crashes)
