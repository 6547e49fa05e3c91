"""HTTP Tasks (`arn:aws:states:::http:invoke`) against a real local HTTP server.

The server records every request it sees; routes answer with scripted responses. Workflows run
end to end through the engine; secrets must reach the server and nowhere else.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest

from engine.models import Status
from tests.engine.http_server import (
    Reply,
    Seen,
    Server,
    json_reply,
    run,
    serving,
    task,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server() -> Iterator[Server]:
    with serving() as running:
        yield running


# ---- requests and responses -------------------------------------------------------------------


def test_a_get_sends_query_parameters_and_headers_and_returns_the_response_as_aws_shapes_it(
    server: Server,
) -> None:
    server.routes["/items"] = lambda seen: json_reply(200, {"items": [1, 2]}, **{"X-Total": "2"})
    parameters = {
        "ApiEndpoint": server.url + "/items",
        "Method": "GET",
        "Headers": {"X-Request-Id.$": "$.id"},
        "QueryParameters": {"color": "red", "size.$": "$.size"},
    }
    execution = run(task(parameters), {"id": "req-1", "size": "L"})

    assert execution.status == Status.SUCCEEDED, execution.cause
    (seen,) = server.seen
    assert seen.method == "GET"
    assert seen.query == [("color", "red"), ("size", "L")]
    assert seen.headers["x-request-id"] == "req-1"
    # The result: headers as lists of values, the JSON body parsed, status and its text.
    output = execution.output
    assert output["StatusCode"] == 200 and output["StatusText"] == "OK"
    assert output["ResponseBody"] == {"items": [1, 2]}
    assert output["Headers"]["x-total"] == ["2"]
    assert output["Headers"]["content-type"] == ["application/json"]


def test_a_text_response_body_stays_text(server: Server) -> None:
    server.routes["/hello"] = lambda seen: (200, {"Content-Type": "text/plain"}, b"hi there")
    execution = run(task({"ApiEndpoint": server.url + "/hello", "Method": "GET"}))
    assert execution.output["ResponseBody"] == "hi there"


def test_a_post_sends_the_request_body_as_json(server: Server) -> None:
    server.routes["/orders"] = lambda seen: json_reply(201, {"id": 7})
    parameters = {
        "ApiEndpoint": server.url + "/orders",
        "Method": "POST",
        "RequestBody": {"sku.$": "$.sku", "quantity": 3, "gift": True},
    }
    execution = run(task(parameters), {"sku": "ink-42"})

    assert execution.status == Status.SUCCEEDED, execution.cause
    (seen,) = server.seen
    assert seen.method == "POST"
    assert seen.headers["content-type"] == "application/json"
    assert json.loads(seen.body) == {"sku": "ink-42", "quantity": 3, "gift": True}
    assert execution.output["StatusCode"] == 201
    assert execution.output["StatusText"] == "Created"
    assert execution.output["ResponseBody"] == {"id": 7}


@pytest.mark.parametrize(
    ("array_format", "expected"),
    [
        ("INDICES", [("tags[0]", "a"), ("tags[1]", "b")]),
        ("REPEAT", [("tags", "a"), ("tags", "b")]),
        ("COMMAS", [("tags", "a,b")]),
        ("BRACKETS", [("tags[]", "a"), ("tags[]", "b")]),
    ],
)
def test_the_url_encoded_transform_encodes_the_body_as_a_form(
    server: Server, array_format: str, expected: list[tuple[str, str]]
) -> None:
    server.routes["/form"] = lambda seen: json_reply(200, {})
    parameters = {
        "ApiEndpoint": server.url + "/form",
        "Method": "POST",
        "RequestBody": {"name": "Ada Lovelace", "tags": ["a", "b"], "meta": {"n": 1}},
        "Transform": {
            "RequestBodyEncoding": "URL_ENCODED",
            "RequestEncodingOptions": {"ArrayFormat": array_format},
        },
    }
    execution = run(task(parameters))

    assert execution.status == Status.SUCCEEDED, execution.cause
    (seen,) = server.seen
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    pairs = parse_qsl(seen.body.decode())
    # Key order is jsonb's (the payload is stored), array order is the array's.
    assert sorted(pairs) == sorted([("name", "Ada Lovelace"), *expected, ("meta[n]", "1")])
    assert [pair for pair in pairs if pair[0].startswith("tags")] == expected


def test_an_endpoint_that_is_not_http_is_refused(server: Server) -> None:
    execution = run(task({"ApiEndpoint": "file:///etc/passwd", "Method": "GET"}))
    assert execution.status == Status.FAILED
    assert execution.error == "States.Runtime"
    assert "is not an http or https URL" in execution.cause


# ---- failures ---------------------------------------------------------------------------------


def test_a_404_fails_with_its_status_code_error_and_a_catch_handles_it(server: Server) -> None:
    server.routes["/missing"] = lambda seen: json_reply(404, {"message": "no such item"})
    catcher = {"ErrorEquals": ["States.Http.StatusCode.404"], "Next": "Done", "ResultPath": "$.err"}
    parameters = {"ApiEndpoint": server.url + "/missing", "Method": "GET"}
    execution = run(task(parameters, Catch=[catcher], Next="Done"))

    assert execution.status == Status.SUCCEEDED, execution.cause
    error = execution.output["err"]
    assert error["Error"] == "States.Http.StatusCode.404"
    # The cause is the response, as the task result would have been.
    cause = json.loads(error["Cause"])
    assert cause["StatusCode"] == 404 and cause["StatusText"] == "Not Found"
    assert cause["ResponseBody"] == {"message": "no such item"}


def test_a_server_error_without_catch_fails_the_execution(server: Server) -> None:
    server.routes["/boom"] = lambda seen: (500, {"Content-Type": "text/plain"}, b"kaput")
    execution = run(task({"ApiEndpoint": server.url + "/boom", "Method": "DELETE"}))
    assert execution.status == Status.FAILED
    assert execution.error == "States.Http.StatusCode.500"
    assert json.loads(execution.cause)["ResponseBody"] == "kaput"


def test_a_read_timeout_fails_with_states_http_socket(server: Server, settings: Any) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "HTTP_READ_TIMEOUT_SECONDS": 0.3}

    def slow(seen: Seen) -> Reply:
        time.sleep(1.0)
        return json_reply(200, {})

    server.routes["/slow"] = slow
    started = time.monotonic()
    execution = run(task({"ApiEndpoint": server.url + "/slow", "Method": "GET"}))

    assert execution.status == Status.FAILED
    assert execution.error == "States.Http.Socket"
    assert "timed out" in execution.cause
    assert time.monotonic() - started < 5


def test_a_refused_connection_fails_with_states_http_socket() -> None:
    execution = run(task({"ApiEndpoint": "http://127.0.0.1:9/", "Method": "GET"}))
    assert execution.status == Status.FAILED
    assert execution.error == "States.Http.Socket"


def test_traceparent_keeps_the_trace_id_across_retries_with_a_new_span(server: Server) -> None:
    answers = iter([json_reply(503, {}), json_reply(200, {"ok": True})])
    server.routes["/flaky"] = lambda seen: next(answers)
    retrier = {"ErrorEquals": ["States.Http.StatusCode.503"], "IntervalSeconds": 1}
    execution = run(task({"ApiEndpoint": server.url + "/flaky", "Method": "GET"}, Retry=[retrier]))

    assert execution.status == Status.SUCCEEDED, execution.cause
    first, second = (seen.headers["traceparent"].split("-") for seen in server.seen)
    assert first[0] == second[0] == "00" and first[3] == second[3] == "01"
    assert len(first[1]) == 32 and first[1] == second[1]  # one trace per execution
    assert len(first[2]) == 16 and first[2] != second[2]  # one span per attempt


def test_an_incoming_traceparent_is_kept(server: Server) -> None:
    server.routes["/t"] = lambda seen: json_reply(200, {})
    given = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    run(
        task({"ApiEndpoint": server.url + "/t", "Method": "GET", "Headers": {"traceparent": given}})
    )
    assert server.seen[0].headers["traceparent"] == given
