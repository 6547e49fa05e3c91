"""HTTP Tasks' connections (API key, basic, OAuth) against a real local HTTP server: secrets
reach the server and nowhere else, not in history, output, the command's output or the admin.
"""

from __future__ import annotations

import base64
import urllib.request
from collections.abc import Iterator
from io import StringIO
from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.core.management import call_command
from django.db import connection as db

from engine.models import Connection, Status
from engine.resources import http as http_task
from tests.engine.http_server import (
    API_KEY,
    CLIENT_SECRET,
    PASSWORD,
    Reply,
    Seen,
    Server,
    arn,
    echo,
    json_reply,
    recorded_text,
    run,
    serving,
    task,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server() -> Iterator[Server]:
    with serving() as running:
        yield running


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
