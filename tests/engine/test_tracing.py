"""Traces (issue 16): one trace per execution, a span per state, a span per task attempt, sent
over OTLP/HTTP by a separate `runengine` to a receiver the test starts; context carried across
the start (REST `traceparent`), HTTP tasks, Python functions and a sub-workflow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from designer.services import publish_version
from engine.models import Execution, Status
from tests.engine.engines import ARN, Engines, wait_ended
from tests.engine.http_server import Seen, json_reply, serving
from tests.engine.otlp_receiver import Receiver, Span, receiving

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
CHILD_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:traced-child"


def parent_definition(url: str) -> dict[str, Any]:
    http = {
        "Type": "Task",
        "Resource": "arn:aws:states:::http:invoke",
        "Parameters": {"ApiEndpoint": url + "/flaky", "Method": "GET"},
        "Retry": [
            {"ErrorEquals": ["States.Http.StatusCode.503"], "IntervalSeconds": 1, "MaxAttempts": 2}
        ],
        "End": True,
    }
    child = {
        "Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": CHILD_ARN, "Input": {"n": 1}},
        "End": True,
    }
    return {
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Charge", "States": {"Charge": http}},
                    {"StartAt": "Child", "States": {"Child": child}},
                ],
                "Next": "Done",
            },
            "Done": {"Type": "Pass", "End": True},
        },
    }


CHILD_DEFINITION = {
    "StartAt": "Work",
    "States": {"Work": {"Type": "Task", "Resource": ARN + "proc-traced", "End": True}},
}


def operator_client() -> APIClient:
    user = User.objects.create_user("tracer")
    user.groups.add(Group.objects.get_or_create(name="operator")[0])
    client = APIClient()
    client.force_authenticate(user)
    return client


def flaky() -> Any:
    calls = []

    def answer(seen: Seen) -> Any:
        calls.append(seen)
        return json_reply(503 if len(calls) == 1 else 200, {"call": len(calls)})

    return answer


def by_name(spans: list[Span]) -> dict[str, list[Span]]:
    found: dict[str, list[Span]] = {}
    for span in spans:
        found.setdefault(span.name, []).append(span)
    return found


def test_one_trace_holds_the_states_attempts_a_retried_http_call_and_a_sub_workflow(
    engines: Engines, tmp_path: Path
) -> None:
    with serving() as server, receiving() as receiver:
        server.routes["/flaky"] = flaky()
        publish_version("traced-child", CHILD_DEFINITION)
        publish_version("traced-parent", parent_definition(server.url))
        engines.start(extra_env=otel_env(receiver))
        answer = operator_client().post(
            "/api/executions/",
            {"workflow": "traced-parent", "input": {}},
            format="json",
            HTTP_TRACEPARENT=f"00-{CALLER_TRACE}-{CALLER_SPAN}-01",
        )
        assert answer.status_code == 201, answer.content
        parent = Execution.objects.get(id=answer.json()["id"])
        wait_ended([parent.id], timeout=60)
        parent.refresh_from_db()
        assert parent.status == Status.SUCCEEDED, (parent.error, parent.cause)
        receiver.wait_for(2, "execution ", timeout=30)
        receiver.wait_for(1, "inside the function", timeout=10)
        assert_one_trace(receiver, parent, server.requests_to("/flaky"))


def assert_one_trace(receiver: Receiver, parent: Execution, calls: list[Seen]) -> None:
    spans = receiver.spans
    named = by_name(spans)
    assert {span.trace_id for span in spans} == {CALLER_TRACE}, "every span in the caller's trace"
    ids = {span.span_id: span for span in spans}
    assert len(ids) == len(spans), "each span written once"

    (root,) = [s for s in named["execution traced-parent"]]
    assert root.parent_id == CALLER_SPAN  # the REST call's traceparent is the parent
    assert root.attributes["baton.execution.id"] == str(parent.id)
    (fan,) = named["state Fan"]
    (done,) = named["state Done"]
    assert fan.parent_id == done.parent_id == root.span_id
    (charge,) = named["state Charge"]
    (child_state,) = named["state Child"]
    assert charge.parent_id == child_state.parent_id == fan.span_id  # branches nest

    first, second = sorted(named["Charge attempt 1"] + named["Charge attempt 2"], key=start)
    assert first.parent_id == second.parent_id == charge.span_id
    assert first.status_code == 2 and first.attributes["error.type"] == "States.Http.StatusCode.503"
    assert second.status_code != 2 and second.attributes["baton.task.attempt"] == 2
    sent = [seen.headers["traceparent"] for seen in calls]
    assert sent == [
        f"00-{CALLER_TRACE}-{first.span_id}-01",
        f"00-{CALLER_TRACE}-{second.span_id}-01",
    ]

    (start_child,) = named["Child attempt 1"]
    (child_root,) = named["execution traced-child"]
    assert child_root.parent_id == start_child.span_id  # the sub-workflow continues the trace
    (work,) = named["state Work"]
    (work_attempt,) = named["Work attempt 1"]
    (inside,) = named["inside the function"]
    assert work.parent_id == child_root.span_id and work_attempt.parent_id == work.span_id
    assert inside.parent_id == work_attempt.span_id  # the function's own span nests
    for span in spans:
        assert span.start_ns <= span.end_ns
        assert span.service == "baton"


def start(span: Span) -> int:
    return span.start_ns


def otel_env(receiver: Receiver) -> dict[str, str]:
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url,
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }


def test_the_aws_start_keeps_a_valid_traceparent_and_ignores_a_malformed_one() -> None:
    from baton.aws.actions import ACTIONS, Call, load

    load()

    publish_version("traced-aws", CHILD_DEFINITION)
    user = User.objects.create_user("aws-tracer")
    machine = "arn:aws:states:us-east-1:000000000000:stateMachine:traced-aws"
    given = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"
    for name, header, stored in (("good", given, given), ("bad", "00-zz-11-01", None)):
        body = {"stateMachineArn": machine, "name": name, "input": "{}"}
        ACTIONS["StartExecution"](Call(body, user, header))
        assert Execution.objects.get(name=name).traceparent == stored
