"""The shared ASL conformance cases once more, driven end to end by boto3 through /aws/.

Each case's definition becomes a state machine (CreateStateMachine), its input an execution
(StartExecution), and DescribeExecution's status, output, error and cause (JSON text, as Step
Functions returns them) must be what AWS recorded. This proves the protocol layer carries every
kind of definition and value the engine handles. Like test_conformance.py, it says plainly that
it ran nothing when ../shared is absent.
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from django.contrib.auth.models import Group, User

from baton.aws.keys import issue
from engine.conformance import Case, load_cases, same_json, workflow_name
from tests.aws.clients import boto3_client
from tests.conformance import stand_ins
from tests.processes import running_baton

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

CASES = stand_ins.CASES
ROLE = "arn:aws:iam::000000000000:role/conformance"


@pytest.fixture
def sfn(transactional_db: None, tmp_path: Path) -> Iterator[Any]:
    """boto3 for a designer and operator, against daphne with an engine that has the stand-ins."""
    user = User.objects.create_user("conformance")
    for role in ("designer", "operator"):
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    key, secret = issue(user)
    with running_baton(tmp_path, {"BATON_FUNCTION_MODULES": stand_ins.MODULE}) as url:
        yield boto3_client(url + "/aws/", (key.access_key_id, secret))


def test_every_conformance_case_through_boto3_gives_the_result_aws_recorded(
    request: pytest.FixtureRequest,
) -> None:
    if not CASES.is_dir():
        message = f"conformance over /aws/: {CASES} is absent, so no conformance case ran"
        print(message)
        warnings.warn(message, stacklevel=1)
        return
    sfn = request.getfixturevalue("sfn")  # only now: no processes for nothing to run
    cases = load_cases(CASES)
    started = {case.name: start(sfn, case) for case in cases}
    problems = [
        f"{case.path.relative_to(CASES)}: {problem}"
        for case in cases
        if (problem := judge(sfn, case, started[case.name]))
    ]
    assert problems == [], f"{len(problems)} of {len(cases)} differ:\n" + "\n".join(problems)


def start(sfn: Any, case: Case) -> str:
    """The execution ARN of the case's run, or the error that refused it (prefixed '!')."""
    try:
        machine = sfn.create_state_machine(
            name=workflow_name(case), definition=json.dumps(case.data["definition"]), roleArn=ROLE
        )["stateMachineArn"]
        return sfn.start_execution(
            stateMachineArn=machine, input=json.dumps(case.data.get("input"))
        )["executionArn"]
    except ClientError as refused:
        return f"!{refused.response['Error']['Code']}: {refused.response['Error']['Message']}"


def judge(sfn: Any, case: Case, arn: str, timeout: float = 60) -> str | None:
    """What DescribeExecution says that AWS did not, or None."""
    if arn.startswith("!"):
        return f"refused: {arn[1:]}"
    deadline = time.monotonic() + timeout
    while (described := sfn.describe_execution(executionArn=arn))["status"] == "RUNNING":
        if time.monotonic() > deadline:
            return "still RUNNING"
        time.sleep(0.1)
    expected = case.data["expected"]
    if described["status"] != expected["status"]:
        return f"status {described['status']} (expected {expected['status']})"
    if expected["status"] == "SUCCEEDED":
        output = json.loads(described["output"])
        return None if same_json(expected.get("output"), output) else f"output {output!r}"
    for field in ("error", "cause"):
        if described.get(field) != expected.get(field):
            return f"{field} {described.get(field)!r} != expected {expected.get(field)!r}"
    return None
