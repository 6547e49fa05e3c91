"""Webhooks for task events, posted to a real local HTTP server: signed so that the secret
verifies them and another does not; a receiver that fails is retried, then given up, and
nothing else notices."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from approvals import decisions, delivery, services, webhooks
from approvals.models import Webhook
from engine.models import Status
from tests.approvals.conftest import approval, ended, person, start, task_of, wait_for
from tests.approvals.smtp_server import free_port
from tests.engine.http_server import Seen, Server, json_reply, serving

SECRET = "whsec-4b1d9e7a"


@pytest.fixture
def receiver() -> Iterator[Server]:
    with serving() as server:
        server.routes["/hook"] = lambda seen: json_reply(200, {"ok": True})
        yield server
        delivery.flush()


def verifies(seen: Seen, secret: str) -> bool:
    """What a receiver does (approvals/webhooks.py's docstring): HMAC of "<timestamp>.<body>"."""
    timestamp = seen.headers["x-baton-timestamp"]
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + seen.body, hashlib.sha256)
    return hmac.compare_digest("sha256=" + mac.hexdigest(), seen.headers["x-baton-signature"])


def events_seen(server: Server) -> list[str]:
    return [json.loads(seen.body)["event"] for seen in server.requests_to("/hook")]


@pytest.mark.usefixtures("engine")
def test_task_events_arrive_signed_with_the_workflows_secret(
    people: dict[str, User], receiver: Server
) -> None:
    Webhook.objects.create(workflow="expense", url=receiver.url + "/hook", secret=SECRET)
    execution = start("expense", approval(Title="Team dinner"))
    task = task_of(execution)
    services.claim(task.id, person(people["bob"]))
    decisions.decide(task.id, person(people["bob"]), "approve", comment="ok")
    ended(execution)
    assert delivery.flush()

    assert events_seen(receiver) == [
        "task.created",
        "task.claimed",
        "task.approved",
        "task.decided",
    ]
    for seen in receiver.requests_to("/hook"):
        assert seen.method == "POST" and seen.headers["content-type"] == "application/json"
        assert verifies(seen, SECRET) and not verifies(seen, "whsec-guessed")
        assert abs(int(seen.headers["x-baton-timestamp"]) - time.time()) < 60
        body = json.loads(seen.body)
        assert seen.headers["x-baton-event"] == body["event"]
        assert seen.body == webhooks.encode(body)
    decided = json.loads(receiver.requests_to("/hook")[-1].body)
    assert decided["task"]["id"] == task.id and decided["task"]["title"] == "Team dinner"
    assert (decided["workflow"], decided["actor"], decided["comment"]) == ("expense", "bob", "ok")


@pytest.mark.usefixtures("engine")
def test_a_changed_body_or_an_old_signature_on_a_new_timestamp_does_not_verify(
    people: dict[str, User], receiver: Server
) -> None:
    Webhook.objects.create(workflow="expense", url=receiver.url + "/hook", secret=SECRET)
    task_of(start("expense", approval()))
    delivery.flush()
    seen = receiver.requests_to("/hook")[0]

    tampered = Seen(seen.method, seen.path, [], dict(seen.headers), seen.body.replace(b"E", b"F"))
    replayed = Seen(seen.method, seen.path, [], dict(seen.headers), seen.body)
    replayed.headers["x-baton-timestamp"] = str(int(time.time()) + 600)

    assert verifies(seen, SECRET)
    assert not verifies(tampered, SECRET) and not verifies(replayed, SECRET)


@pytest.mark.usefixtures("engine")
def test_only_workflows_with_an_active_webhook_post(
    people: dict[str, User], receiver: Server
) -> None:
    Webhook.objects.create(
        workflow="expense", url=receiver.url + "/hook", secret=SECRET, is_active=False
    )
    Webhook.objects.create(workflow="refund", url=receiver.url + "/refund", secret=SECRET)
    task_of(start("expense", approval()))
    task_of(start("refund", approval()))
    delivery.flush()

    assert receiver.requests_to("/hook") == []
    assert [json.loads(s.body)["workflow"] for s in receiver.requests_to("/refund")] == ["refund"]


@pytest.mark.usefixtures("engine")
def test_a_failing_webhook_is_retried_then_given_up_and_nothing_else_notices(
    people: dict[str, User], receiver: Server
) -> None:
    receiver.routes["/hook"] = lambda seen: json_reply(500, {"message": "down"})
    Webhook.objects.create(workflow="expense", url=receiver.url + "/hook", secret=SECRET)
    execution = start("expense", approval())
    task = task_of(execution)
    wait_for(lambda: len(receiver.requests_to("/hook")) == 1 + webhooks.RETRIES)
    assert delivery.flush()
    tries = receiver.requests_to("/hook")
    assert len(tries) == 1 + webhooks.RETRIES  # then it gave up
    assert len({seen.headers["x-baton-delivery"] for seen in tries}) == 1  # one event, retried

    receiver.routes["/hook"] = lambda seen: json_reply(200, {"ok": True})
    decisions.decide(task.id, person(people["bob"]), "approve")

    assert ended(execution).status == Status.SUCCEEDED
    assert delivery.flush()
    assert events_seen(receiver)[-2:] == ["task.approved", "task.decided"]


def test_a_refusal_is_not_retried_and_an_unreachable_receiver_is(receiver: Server) -> None:
    receiver.routes["/gone"] = lambda seen: json_reply(410, {"message": "gone"})
    event = {"event": "task.created", "workflow": "expense"}

    assert webhooks.post(receiver.url + "/hook", SECRET, event) is True
    assert webhooks.post(receiver.url + "/gone", SECRET, event) is False
    assert len(receiver.requests_to("/gone")) == 1
    started = time.monotonic()
    assert webhooks.post(f"http://127.0.0.1:{free_port()}/hook", SECRET, event) is False
    assert time.monotonic() - started >= webhooks.BACKOFF_SECONDS * 7  # 0.5 + 1 + 2 s


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    body = webhooks.encode({"b": 1, "a": "é"})

    assert body == '{"a":"é","b":1}'.encode()
    expected = hmac.new(b"k", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert webhooks.signature("k", "1700000000", body) == "sha256=" + expected


@pytest.mark.usefixtures("engine")
def test_the_admin_configures_webhooks_and_shows_tasks_read_only(people: dict[str, User]) -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    task = task_of(start("expense", approval(Title="Team dinner")))

    offered = client.get("/admin/approvals/webhook/add/")
    listed = client.get("/admin/approvals/humantask/")
    shown = client.get(f"/admin/approvals/humantask/{task.id}/change/")

    assert offered.status_code == 200 and b'name="secret"' in offered.content
    assert b"Team dinner" in listed.content and b"Add human task" not in listed.content
    assert shown.status_code == 200 and b"created" in shown.content
    assert task.token.encode() not in shown.content and b'name="title"' not in shown.content
    assert client.get("/admin/approvals/groupowner/add/").status_code == 200
