"""Issue 9, "every API error stays JSON": malformed bodies, paths, hosts and query strings get a
4xx in each API's error shape, never Django's HTML pages or a 500.

REST (/api/) errors are {"error": {"code", "message", "details"}}; Step Functions (/aws/) errors
are {"__type", "message"} with x-amzn-ErrorType. tests/api/test_malformed_fuzz.py throws
generated garbage at both; these are the named cases.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.test import Client, RequestFactory

from baton import error_handlers
from baton.jsontext import MAX_DEPTH, is_too_deep
from designer.services import publish_version
from engine.executions import start_execution

from .conftest import Persona
from .shapes import aws_call, aws_error, rest_error

pytestmark = pytest.mark.django_db

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
ARN = "arn:aws:states:us-east-1:000000000000:"
MACHINE = ARN + "stateMachine:wf"


def nested(depth: int) -> str:
    """JSON text of lists nested `depth` levels deep."""
    return "[" * depth + "]" * depth


@pytest.fixture
def api(admin: Persona) -> Client:
    """An admin's client under /api/; a 500 comes back as a response, not an exception."""
    return Client(headers=admin.headers, raise_request_exception=False)


@pytest.fixture
def aws(db: None) -> tuple[Client, tuple[str, str]]:
    from tests.aws.clients import access_key

    return Client(raise_request_exception=False), access_key("aws-admin", "admin")


@pytest.fixture
def execution_id(db: None) -> str:
    execution, _ = start_execution(publish_version("wf", PASS), {})
    return str(execution.id)


# -- JSON nested too deep --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/workflows/",
        "/api/workflows/wf/versions/",
        "/api/validate/",
        "/api/executions/",
        "/api/task-tokens/success/",
        "/api/activities/",
        "/api/connections/",
        "/api/schedules/",
        "/api/tokens/",
    ],
)
def test_json_nested_thousands_deep_is_a_400_parse_error(api: Client, path: str) -> None:
    publish_version("wf", PASS)

    response = api.post(path, nested(100_000), content_type="application/json")

    error = rest_error(response, 400)
    assert error["code"] == "parse_error"
    assert f"more than {MAX_DEPTH} levels" in error["message"]


def test_the_depth_limit_is_exact_and_below_what_postgres_takes(api: Client) -> None:
    publish_version("wf", PASS)
    body = '{"workflow": "wf", "input": %s}'  # the body is one level deeper than its input

    at_limit = api.post("/api/executions/", body % nested(MAX_DEPTH - 1), "application/json")
    past_limit = api.post("/api/executions/", body % nested(MAX_DEPTH), "application/json")
    storable = api.post("/api/executions/", body % nested(1000), "application/json")

    # Parsed and stored in jsonb at the limit; past it refused, though Postgres could take 1000.
    assert at_limit.status_code == 201, at_limit.content[:300]
    assert rest_error(past_limit, 400)["code"] == "parse_error"
    assert rest_error(storable, 400)["code"] == "parse_error"


def test_depth_counts_lists_and_objects_alike() -> None:
    assert not is_too_deep(json.loads(nested(MAX_DEPTH)))
    assert is_too_deep(json.loads(nested(MAX_DEPTH + 1)))
    assert is_too_deep({"a": [{"b": json.loads(nested(MAX_DEPTH - 2))}]})
    assert not is_too_deep({"a": [1, "x", {"b": None}]}, limit=3)
    assert is_too_deep({"a": [1, "x", {"b": []}]}, limit=3)


def test_a_definition_as_deep_json_text_is_an_invalid_definition(api: Client) -> None:
    state = {"Type": "Pass", "End": True, "Result": "RESULT"}
    text = json.dumps({"StartAt": "P", "States": {"P": state}}).replace('"RESULT"', nested(9000))

    created = api.post("/api/workflows/", {"name": "deep", "definition": text}, "application/json")
    checked = api.post("/api/validate/", {"definition": text}, "application/json")

    assert rest_error(created, 400)["code"] == "invalid_definition"
    assert checked.status_code == 200
    assert f"more than {MAX_DEPTH} levels" in checked.json()["diagnostics"][0]["message"]


def test_a_lone_surrogate_in_a_body_is_a_400(api: Client) -> None:
    response = api.post("/api/tokens/", b'{"name": "\\ud800"}', content_type="application/json")

    assert rest_error(response, 400)["code"] == "parse_error"


def test_aws_bodies_too_deep_are_serialization_errors(aws: tuple[Client, Any]) -> None:
    client, key = aws
    publish_version("wf", PASS)
    deep_input = json.dumps({"stateMachineArn": MACHINE, "input": nested(100_000)})
    deep_definition = json.dumps({"name": "d", "roleArn": "r", "definition": nested(9000)})

    body = aws_call(client, key, "ListStateMachines", nested(100_000).encode())
    value = aws_call(client, key, "StartExecution", deep_input.encode())
    definition = aws_call(client, key, "CreateStateMachine", deep_definition.encode())

    assert aws_error(body, 400)["__type"] == "SerializationException"
    assert f"more than {MAX_DEPTH} levels" in aws_error(body)["message"]
    assert aws_error(value, 400)["__type"] == "InvalidExecutionInput"
    assert aws_error(definition, 400)["__type"] == "InvalidDefinition"


# -- path segments and ARNs Postgres cannot compare ------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/workflows/a%00b/",
        "/api/workflows/wf/versions/1%00/",
        "/api/workflows/wf/aliases/a%00b/",
        "/api/executions/a%00b/history/",
        "/api/activities/a%00b/tasks/",
        "/api/connections/a%00b/",
        "/api/schedules/a%00b/",
        "/api/workflows/%ff/",  # invalid UTF-8
        "/api/workflows/%ed%a0%80/",  # a surrogate, UTF-8 encoded: invalid too
        "/api/workflows/%c0%af/",  # an overlong '/'
    ],
)
def test_nul_and_bad_bytes_in_a_path_are_a_json_404(api: Client, path: str) -> None:
    publish_version("wf", PASS)

    assert rest_error(api.get(path), 404)["code"].endswith("not_found")
    assert rest_error(api.delete(path))["code"]  # 404, or 405 where DELETE is not served


@pytest.mark.parametrize(
    "action, body",
    [
        ("DescribeStateMachine", {"stateMachineArn": MACHINE + "\x00"}),
        ("DescribeStateMachine", {"stateMachineArn": ARN + "stateMachine:a\x00b:1"}),
        ("DescribeExecution", {"executionArn": ARN + "execution:wf:a\x00b"}),
        ("DescribeActivity", {"activityArn": ARN + "activity:a\x00b"}),
        ("ListTagsForResource", {"resourceArn": MACHINE + "\x00"}),
        ("ListExecutions", {"stateMachineArn": MACHINE + "\x00"}),
    ],
)
def test_a_nul_in_an_arn_is_invalid_arn(
    aws: tuple[Client, Any], action: str, body: dict[str, str]
) -> None:
    client, key = aws
    publish_version("wf", PASS)

    response = aws_call(client, key, action, json.dumps(body).encode())

    assert aws_error(response, 400)["__type"] == "InvalidArn"


def test_a_lone_surrogate_in_an_aws_body_is_a_serialization_error(aws: tuple[Client, Any]) -> None:
    client, key = aws
    body = json.dumps({"stateMachineArn": MACHINE + "\ud800"}).encode()

    response = aws_call(client, key, "DescribeStateMachine", body)

    assert aws_error(response, 400)["__type"] == "SerializationException"


# -- unknown paths and hosts -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/", "/api/nope/", "/api/workflows/wf/nope/", "/api/%00/"])
def test_an_unknown_path_under_api_is_a_json_404(api: Client, path: str) -> None:
    assert rest_error(api.get(path), 404)["code"] == "not_found"
    assert rest_error(api.post(path, "{}", "application/json"), 404)["code"] == "not_found"


def test_an_unknown_path_under_aws_is_a_step_functions_404() -> None:
    response = Client().post("/aws/nope/", "{}", content_type="application/x-amz-json-1.0")

    assert aws_error(response, 404)["__type"] == "UnknownOperationException"


def test_pages_outside_the_apis_keep_djangos_html_404(alice_client: Client) -> None:
    response = alice_client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_host_not_in_allowed_hosts_is_a_json_400(api: Client, aws: tuple[Client, Any]) -> None:
    client, key = aws

    listed = api.get("/api/workflows/", HTTP_HOST="evil.example")
    health = Client().get("/api/health/", HTTP_HOST="evil.example")
    signed = aws_call(client, key, "ListStateMachines", b"{}", host="evil.example")

    assert rest_error(listed, 400)["code"] == "disallowed_host"
    assert rest_error(health, 400)["code"] == "disallowed_host"
    assert aws_error(signed, 400)["__type"] == "ValidationException"


def test_a_server_error_under_the_apis_is_json() -> None:
    factory = RequestFactory()

    rest = error_handlers.server_error(factory.get("/api/workflows/"))
    aws = error_handlers.server_error(factory.post("/aws/"))
    page = error_handlers.server_error(factory.get("/admin/"))

    assert rest_error(rest, 500)["code"] == "server_error"
    assert aws_error(aws, 500)["__type"] == "InternalFailure"
    assert page["Content-Type"].startswith("text/html")


# -- pagination ------------------------------------------------------------------------------------

BAD_LIMITS = ["-1", "0", "abc", "1.5", str(10**30), "1001", "%00", "1e3"]


@pytest.mark.parametrize("limit", BAD_LIMITS)
def test_a_limit_that_is_no_page_size_is_a_400_on_every_list(
    api: Client, execution_id: str, limit: str
) -> None:
    for path in ("/api/executions/", f"/api/executions/{execution_id}/history/"):
        response = api.get(f"{path}?limit={limit}")
        error = rest_error(response, 400)
        assert (error["code"], list(error["details"])) == ("invalid", ["limit"]), path


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "%00",
        base64.b64encode(b"o=-5").decode(),
        base64.b64encode(b"p=not-a-date").decode(),
        base64.b64encode(b"p=\x00").decode(),
    ],
)
def test_a_cursor_baton_did_not_give_out_is_a_400(api: Client, cursor: str) -> None:
    response = api.get("/api/executions/", {"cursor": cursor})

    assert rest_error(response, 400)["code"] in ("invalid_cursor", "invalid")


def test_good_limits_still_page(api: Client, execution_id: str) -> None:
    listed = api.get("/api/executions/?limit=1000")
    empty = api.get("/api/executions/?limit=")  # as the history's serializer reads it
    history = api.get(f"/api/executions/{execution_id}/history/?limit=1000")

    assert listed.status_code == 200 and len(listed.json()["results"]) == 1
    assert empty.status_code == 200 and len(empty.json()["results"]) == 1
    assert history.status_code == 200


def test_an_aws_next_token_past_any_offset_is_invalid_token(aws: tuple[Client, Any]) -> None:
    client, key = aws
    publish_version("wf", PASS)
    token = base64.urlsafe_b64encode(str(10**30).encode()).decode()

    for action, body in [
        ("ListStateMachines", {"nextToken": token}),
        ("ListExecutions", {"stateMachineArn": MACHINE, "nextToken": token}),
        ("ListStateMachineVersions", {"stateMachineArn": MACHINE, "nextToken": token}),
    ]:
        response = aws_call(client, key, action, json.dumps(body).encode())
        assert aws_error(response, 400)["__type"] == "InvalidToken", action


# -- other malformed fields ------------------------------------------------------------------------


def test_a_nul_in_an_aws_tag_is_a_validation_error(aws: tuple[Client, Any]) -> None:
    client, key = aws
    publish_version("wf", PASS)

    for tag in ({"key": "k\x00", "value": "v"}, {"key": "k", "value": "v\x00"}):
        body = json.dumps({"resourceArn": MACHINE, "tags": [tag]}).encode()
        response = aws_call(client, key, "TagResource", body)
        assert aws_error(response, 400)["__type"] == "ValidationException", tag
