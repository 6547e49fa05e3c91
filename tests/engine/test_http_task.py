"""HTTP Tasks (`arn:aws:states:::http:invoke`) against a real local HTTP server.

The server records every request it sees; routes answer with scripted responses. Workflows run
end to end through the engine; secrets must reach the server and nowhere else.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection as db

from designer.services import publish_version
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Connection, Execution, HistoryEvent, Status
from engine.resources import http as http_task

pytestmark = pytest.mark.django_db(transaction=True)

INVOKE = "arn:aws:states:::http:invoke"
API_KEY = "key-7f3a9c1e5b"
PASSWORD = "pw-correct-horse-42"
CLIENT_SECRET = "cs-s3cr3t-value-99"


# ---- the local server -------------------------------------------------------------------------

Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    routes: dict[str, Callable[[Seen], Reply]] = field(default_factory=dict)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def json_reply(status: int, value: Any, **headers: str) -> Reply:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(value).encode()


def echo(seen: Seen) -> Reply:
    """Answers with what it received, as httpbin does: a server that would leak credentials."""
    return json_reply(200, {"headers": seen.headers, "body": seen.body.decode()})


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def handle_one(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                self.command,
                parts.path,
                parse_qsl(parts.query, keep_blank_values=True),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length),
            )
            state.seen.append(seen)
            route = state.routes.get(parts.path, lambda s: json_reply(404, {"message": "nope"}))
            status, headers, body = route(seen)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = handle_one

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()


# ---- helpers ----------------------------------------------------------------------------------


def task(parameters: dict[str, Any], **fields: Any) -> dict[str, Any]:
    state = {"Type": "Task", "Resource": INVOKE, "Parameters": parameters, **fields}
    if "Next" not in fields:
        state["End"] = True
    states = {"Call": state}
    if fields.get("Next") == "Done":
        states["Done"] = {"Type": "Pass", "End": True}
    return {"StartAt": "Call", "States": states}


def run(definition: dict[str, Any], value: Any = None) -> Execution:
    version = publish_version(f"http-{uuid.uuid4().hex[:12]}", definition)
    execution, _ = start_execution(version, value or {})
    run_until_ended([execution.id])
    execution.refresh_from_db()
    return execution


def recorded_text(execution: Execution) -> str:
    """Everything Baton recorded about the execution, as one string."""
    events = HistoryEvent.objects.filter(execution=execution).values_list("details", flat=True)
    parts = [json.dumps(list(events)), json.dumps(execution.output)]
    return "\n".join(parts + [execution.error or "", execution.cause or ""])


def arn(name: str) -> str:
    return f"arn:aws:events:us-east-1:000000000000:connection/{name}/a1b2c3d4"


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


# ---- connections ------------------------------------------------------------------------------


def test_an_api_key_connection_sends_its_header_and_the_key_is_recorded_nowhere(
    server: Server,
) -> None:
    Connection.objects.create(
        name="billing",
        authorization_type="API_KEY",
        api_key_name="X-Api-Key",
        api_key_value=API_KEY,
        invocation_headers={"X-Tenant": "acme"},
        invocation_query_parameters={"region": "eu"},
    )
    server.routes["/echo"] = echo
    parameters = {
        "ApiEndpoint": server.url + "/echo",
        "Method": "GET",
        "Authentication": {"ConnectionArn": arn("billing")},
    }
    execution = run(task(parameters))

    assert execution.status == Status.SUCCEEDED, execution.cause
    (seen,) = server.seen
    assert seen.headers["x-api-key"] == API_KEY
    assert seen.headers["x-tenant"] == "acme" and seen.query == [("region", "eu")]
    # The server echoed the key back; Baton masked it before recording anything.
    assert execution.output["ResponseBody"]["headers"]["x-api-key"] == "****"
    assert API_KEY not in recorded_text(execution)


def test_a_basic_connection_sends_basic_credentials_and_records_no_secret(server: Server) -> None:
    Connection.objects.create(
        name="ledger", authorization_type="BASIC", username="ada", password=PASSWORD
    )
    server.routes["/echo"] = echo
    server.routes["/denied"] = lambda seen: json_reply(403, {"seen": seen.headers})
    auth = {"ConnectionArn": arn("ledger")}
    ok = run(task({"ApiEndpoint": server.url + "/echo", "Method": "GET", "Authentication": auth}))
    denied = run(
        task({"ApiEndpoint": server.url + "/denied", "Method": "GET", "Authentication": auth})
    )

    expected = "Basic " + base64.b64encode(f"ada:{PASSWORD}".encode()).decode()
    assert [seen.headers["authorization"] for seen in server.seen] == [expected, expected]
    assert ok.status == Status.SUCCEEDED and denied.error == "States.Http.StatusCode.403"
    for execution in (ok, denied):
        text = recorded_text(execution)
        assert PASSWORD not in text and expected.split()[1] not in text


def oauth_routes(server: Server, tokens: list[str]) -> None:
    """A token endpoint handing out `tokens` in turn, and /api accepting only the latest."""
    issued: list[str] = []

    def token(seen: Seen) -> Reply:
        issued.append(tokens[len(issued)])
        return json_reply(
            200, {"access_token": issued[-1], "token_type": "Bearer", "expires_in": 300}
        )

    def api(seen: Seen) -> Reply:
        if seen.headers.get("authorization") != f"Bearer {issued[-1]}":
            return json_reply(401, {"message": "expired"})
        return echo(seen)

    server.routes["/oauth/token"] = token
    server.routes["/api"] = api


def test_an_oauth_connection_gets_a_token_caches_it_and_records_no_secret(
    server: Server,
) -> None:
    Connection.objects.create(
        name="crm",
        authorization_type="OAUTH_CLIENT_CREDENTIALS",
        token_url=server.url + "/oauth/token",
        client_id="baton-client",
        client_secret=CLIENT_SECRET,
        scope="read:orders",
    )
    oauth_routes(server, ["tok-first-0001", "tok-second-0002"])
    call = {
        "ApiEndpoint": server.url + "/api",
        "Method": "GET",
        "Authentication": {"ConnectionArn": arn("crm")},
    }
    definition = task(call, Next="Again")
    definition["States"]["Again"] = {**definition["States"]["Call"], "End": True}
    del definition["States"]["Again"]["Next"]
    execution = run(definition)

    assert execution.status == Status.SUCCEEDED, execution.cause
    # One client credentials grant, sent with the client's basic credentials and the scope.
    (grant,) = server.requests_to("/oauth/token")
    client = base64.b64encode(f"baton-client:{CLIENT_SECRET}".encode()).decode()
    assert grant.method == "POST" and grant.headers["authorization"] == f"Basic {client}"
    form = dict(parse_qsl(grant.body.decode()))
    assert form == {"grant_type": "client_credentials", "scope": "read:orders"}
    # Both calls used the cached token.
    calls = server.requests_to("/api")
    assert [c.headers["authorization"] for c in calls] == ["Bearer tok-first-0001"] * 2
    text = recorded_text(execution)
    assert CLIENT_SECRET not in text and client not in text and "tok-first-0001" not in text


def test_an_oauth_connection_refreshes_its_token_once_on_401(server: Server) -> None:
    connection = Connection.objects.create(
        name="crm2",
        authorization_type="OAUTH_CLIENT_CREDENTIALS",
        token_url=server.url + "/oauth/token",
        client_id="baton-client",
        client_secret=CLIENT_SECRET,
    )
    oauth_routes(server, ["tok-old-0001", "tok-rotated-0002", "tok-new-0003"])
    http_task.tokens.get(connection, refresh=False)  # Baton caches tok-old-0001 …
    urllib.request.urlopen(server.url + "/oauth/token", data=b"")  # … which a new grant revokes
    server.seen.clear()
    execution = run(
        task(
            {
                "ApiEndpoint": server.url + "/api",
                "Method": "GET",
                "Authentication": {"ConnectionArn": arn("crm2")},
            }
        )
    )
    assert execution.status == Status.SUCCEEDED, execution.cause
    assert [(s.path, s.headers.get("authorization")) for s in server.seen] == [
        ("/api", "Bearer tok-old-0001"),
        ("/oauth/token", server.seen[1].headers["authorization"]),
        ("/api", "Bearer tok-new-0003"),
    ]


def test_a_missing_connection_fails_the_task(server: Server) -> None:
    parameters = {
        "ApiEndpoint": server.url + "/x",
        "Method": "GET",
        "Authentication": {"ConnectionArn": arn("nobody")},
    }
    execution = run(task(parameters))
    assert execution.status == Status.FAILED
    assert execution.error == "Events.ConnectionResource.InvalidConnectionState"
    assert server.seen == []


def test_connection_secrets_are_encrypted_at_rest_and_never_printed() -> None:
    connection = Connection.objects.create(
        name="vault", authorization_type="BASIC", username="ada", password=PASSWORD
    )
    with db.cursor() as cursor:
        cursor.execute("SELECT password FROM engine_connection WHERE id = %s", [connection.pk])
        (stored,) = cursor.fetchone()
    assert stored and PASSWORD not in stored
    loaded = Connection.objects.get(pk=connection.pk)
    assert loaded.password.reveal() == PASSWORD
    assert PASSWORD not in f"{loaded!r} {loaded} {loaded.password!r} {loaded.password}"


# ---- the connection command --------------------------------------------------------------------


def command(*args: str) -> str:
    out = StringIO()
    call_command("connection", *args, stdout=out)
    return out.getvalue()


def test_the_connection_command_creates_lists_and_deletes_without_printing_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BILLING_KEY", API_KEY)
    monkeypatch.setenv("LEDGER_PASSWORD", PASSWORD)
    monkeypatch.setenv("CRM_SECRET", CLIENT_SECRET)
    printed = [
        command("create", "billing", "--type", "api-key", "--header", "X-Api-Key",
                "--value-env", "BILLING_KEY"),
        command("create", "ledger", "--type", "basic", "--username", "ada",
                "--password-env", "LEDGER_PASSWORD"),
        command("create", "crm", "--type", "oauth", "--token-url", "https://id.example/token",
                "--client-id", "baton", "--client-secret-env", "CRM_SECRET", "--scope", "read"),
    ]  # fmt: skip
    assert "arn:aws:events:us-east-1:000000000000:connection/billing/" in printed[0]
    assert Connection.objects.get(name="billing").api_key_value.reveal() == API_KEY
    assert Connection.objects.get(name="ledger").password.reveal() == PASSWORD
    crm = Connection.objects.get(name="crm")
    assert crm.client_secret.reveal() == CLIENT_SECRET and crm.scope == "read"

    listing = command("list")
    assert [line.split("\t")[:2] for line in listing.splitlines()] == [
        ["billing", "API_KEY"],
        ["crm", "OAUTH_CLIENT_CREDENTIALS"],
        ["ledger", "BASIC"],
    ]
    printed.append(listing)
    printed.append(command("delete", "ledger"))
    assert not Connection.objects.filter(name="ledger").exists()
    for secret in (API_KEY, PASSWORD, CLIENT_SECRET):
        assert all(secret not in text for text in printed)


def test_the_connection_command_refuses_a_missing_secret_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.management.base import CommandError

    monkeypatch.delenv("NO_SUCH_VARIABLE", raising=False)
    with pytest.raises(CommandError, match="NO_SUCH_VARIABLE"):
        command("create", "x", "--type", "basic", "--username", "u", "--password-env",
                "NO_SUCH_VARIABLE")  # fmt: skip
    with pytest.raises(CommandError, match="No connection"):
        command("delete", "nothing-here")


# ---- the admin --------------------------------------------------------------------------------


def test_the_admin_never_shows_a_secret_and_keeps_it_when_left_blank(alice_client: Any) -> None:
    connection = Connection.objects.create(
        name="ledger", authorization_type="BASIC", username="ada", password=PASSWORD
    )
    url = f"/admin/engine/connection/{connection.pk}/change/"
    page = alice_client.get(url)
    assert page.status_code == 200 and PASSWORD.encode() not in page.content

    form = {
        "name": "ledger",
        "description": "",
        "authorization_type": "BASIC",
        "username": "grace",
        "new_password": "",
        **{
            name: "{}"
            for name in [
                "oauth_body_parameters",
                "oauth_header_parameters",
                "invocation_headers",
                "invocation_query_parameters",
                "invocation_body_parameters",
            ]
        },
    }
    response = alice_client.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    connection.refresh_from_db()
    assert connection.username == "grace" and connection.password.reveal() == PASSWORD

    response = alice_client.post(url, {**form, "new_password": "a-new-password"})
    connection.refresh_from_db()
    assert connection.password.reveal() == "a-new-password"
