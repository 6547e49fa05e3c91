"""GET /metrics: who may scrape it, and what a scrape shows (the gauges read from Postgres at
scrape time, the HTTP requests and WebSockets this process served).

Metrics files of the whole test run share one directory (baton/settings.py), so counters are
compared before and after what a test does, never read as absolute numbers.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import resolve
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from approvals.models import HumanTask
from approvals.models import TaskStatus as HumanStatus
from baton.models import ApiToken
from designer.services import publish_version
from engine.executions import start_execution
from engine.models import EngineHeartbeat, Execution, Status, TaskRun, TaskStatus, Timer

pytestmark = pytest.mark.django_db

tokens = count(1)


def token_of(username: str, role: str | None) -> str:
    """A new user with `role` (a group; None: no role) and the text of an API token of theirs."""
    user = User.objects.create_user(username, f"{username}@example.org")
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return ApiToken.issue(user, "prometheus")[1]


def scrape(token: str | None, client: Client | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return (client or Client()).get("/metrics", headers=headers)


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition: (name, labels) -> value. Parsing it is part of the test."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: dict[Any, float], name: str, **labels: str) -> float | None:
    return found.get((name, frozenset(labels.items())))


def metrics(token: str) -> dict[Any, float]:
    response = scrape(token)
    assert response.status_code == 200, response.content
    return samples(response.content.decode())


# -- who may scrape -----------------------------------------------------------------------------


def test_a_scrape_without_a_token_is_refused_with_a_bearer_challenge() -> None:
    response = scrape(None)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"Authorization: Bearer" in response.content  # says what it needs


def test_an_unknown_or_revoked_token_is_refused_with_401() -> None:
    text = token_of("old-scraper", "viewer")
    ApiToken.objects.update(revoked_at=timezone.now())

    assert scrape("bt_not-a-token").status_code == 401
    assert scrape(text).status_code == 401


def test_a_token_of_someone_without_a_role_is_refused_with_403() -> None:
    assert scrape(token_of("nobody", None)).status_code == 403


def test_a_logged_in_session_without_a_token_is_refused(alice_client: Client) -> None:
    # Prometheus has no session; a browser's cookie alone is not a scraper's credential.
    assert scrape(None, alice_client).status_code == 401


def test_a_viewers_token_gets_the_text_exposition_format() -> None:
    response = scrape(token_of("grafana", "viewer"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    found = samples(response.content.decode())
    assert value(found, "baton_database_up") == 1.0


def test_the_metrics_token_of_the_settings_gets_the_metrics(settings: Any) -> None:
    settings.BATON_METRICS_TOKEN = "s3cret-scraper-token"

    assert scrape("s3cret-scraper-token").status_code == 200
    assert scrape("s3cret-scraper-tokeN").status_code == 401


def test_with_metrics_off_the_endpoint_answers_404(settings: Any) -> None:
    settings.BATON_METRICS = False

    assert scrape(token_of("grafana", "viewer")).status_code == 404


# -- what a scrape shows ------------------------------------------------------------------------

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def seconds_ago(seconds: float) -> Any:
    return timezone.now() - timedelta(seconds=seconds)


def seed_executions() -> Execution:
    """Three executions: one runnable, one parked (RUNNING, waiting), one that ended."""
    version = publish_version("gauges", PASS)
    runnable, parked, ended = (start_execution(version, {})[0] for _ in range(3))
    Execution.objects.filter(id=parked.id).update(is_runnable=False)
    Execution.objects.filter(id=ended.id).update(is_runnable=False, status=Status.SUCCEEDED)
    return parked


def seed_task_runs(execution: Execution) -> None:
    for key, status, age in [
        ("a", TaskStatus.PENDING, 120),
        ("b", TaskStatus.PENDING, 10),
        ("c", TaskStatus.WAITING, 3600),
    ]:
        TaskRun.objects.create(
            execution=execution,
            key=key,
            state="Work",
            resource="arn:aws:lambda:us-east-1:000000000000:function:work",
            token=f"task-{key}",
            status=status,
            created_at=seconds_ago(age),
        )


def seed_timers(execution: Execution) -> None:
    Timer.objects.create(execution=execution, key="due-long-ago", fire_at=seconds_ago(30))
    Timer.objects.create(execution=execution, key="due-just-now", fire_at=seconds_ago(5))
    Timer.objects.create(execution=execution, key="later", fire_at=seconds_ago(-600))


def seed_human_tasks(execution: Execution) -> None:
    for status, age, due_in in [
        (HumanStatus.OPEN, 300, -60),  # overdue
        (HumanStatus.CLAIMED, 100, 3600),
        (HumanStatus.ESCALATED, 50, None),
        (HumanStatus.APPROVED, 1000, -900),  # decided: neither open nor overdue
    ]:
        HumanTask.objects.create(
            token=f"human-{next(tokens)}",
            execution=execution,
            task_key="k",
            state="Approve",
            workflow="gauges",
            title="Expense",
            status=status,
            created_at=seconds_ago(age),
            due_at=seconds_ago(-due_in) if due_in is not None else None,
        )


def test_the_database_gauges_count_the_rows_that_wait() -> None:
    parked = seed_executions()
    seed_task_runs(parked)
    seed_timers(parked)
    seed_human_tasks(parked)
    EngineHeartbeat.beat("engine", "host:4242:engine", seconds_ago(20))

    found = metrics(token_of("grafana", "viewer"))

    assert value(found, "baton_runnable_executions") == 1
    assert value(found, "baton_running_executions") == 2  # the runnable one and the parked one
    pending = {s: value(found, "baton_pending_tasks", status=s) for s in TaskStatus.values}
    assert pending == {"PENDING": 2, "RUNNING": 0, "WAITING": 1, "DONE": 0}
    oldest_pending = value(found, "baton_oldest_pending_task_age_seconds", status="PENDING")
    assert oldest_pending is not None and 120 <= oldest_pending < 180
    assert value(found, "baton_oldest_pending_task_age_seconds", status="RUNNING") == 0
    # Timers: two are due, the oldest by half a minute.
    assert value(found, "baton_due_timers") == 2
    oldest_timer = value(found, "baton_oldest_due_timer_age_seconds")
    assert oldest_timer is not None and 30 <= oldest_timer < 90
    # Human tasks: three open (OPEN, CLAIMED, ESCALATED), one of them overdue.
    assert value(found, "baton_open_human_tasks") == 3
    assert value(found, "baton_overdue_human_tasks") == 1
    oldest_task = value(found, "baton_oldest_open_human_task_age_seconds")
    assert oldest_task is not None and 300 <= oldest_task < 360
    beat = value(
        found, "baton_engine_heartbeat_age_seconds", engine="host:4242:engine", kind="engine"
    )
    assert beat is not None and 20 <= beat < 80


def test_with_nothing_waiting_the_gauges_say_zero() -> None:
    found = metrics(token_of("grafana", "viewer"))

    assert value(found, "baton_runnable_executions") == 0
    assert value(found, "baton_due_timers") == 0
    assert value(found, "baton_oldest_due_timer_age_seconds") == 0
    assert value(found, "baton_open_human_tasks") == 0
    assert value(found, "baton_pending_tasks", status="PENDING") == 0


def requests_counted(found: dict[Any, float], view: str, method: str, status: str) -> float:
    name = "baton_http_request_duration_seconds_count"
    return value(found, name, view=view, method=method, status=status) or 0.0


def test_each_http_request_is_counted_by_view_method_and_status() -> None:
    token = token_of("grafana", "viewer")
    health = resolve("/api/health/").view_name
    before = metrics(token)

    assert Client().get("/api/health/").status_code == 200
    assert Client().get("/no/such/page/").status_code == 404
    Client().generic("BREW", "/api/health/")
    after = metrics(token)

    def grew(view: str, method: str, status: str) -> float:
        was = requests_counted(before, view, method, status)
        return requests_counted(after, view, method, status) - was

    assert grew(health, "GET", "200") == 1
    assert grew("unmatched", "GET", "404") == 1  # never the raw path as a label
    assert sum(grew(health, "other", s) for s in ("400", "405")) == 1  # odd methods: "other"
    assert not any(labels for (name, labels) in after if ("view", "/no/such/page/") in labels)
    # The scrapes themselves are left out.
    assert not any(("view", "metrics") in labels for (_, labels) in after)


# -- WebSockets ---------------------------------------------------------------------------------


def session_cookie(user: User) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def open_socket(path: str, cookie: tuple[bytes, bytes]) -> Any:
    from baton.asgi import application

    headers = [(b"origin", b"http://127.0.0.1"), cookie]
    socket_ = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket_.connect(timeout=5)
    assert connected
    return socket_


def open_sockets(found: dict[Any, float]) -> dict[str, float]:
    return {
        route: value(found, "baton_websocket_connections", route=route) or 0.0
        for route in ("executions", "execution", "workflow", "inbox")
    }


@pytest.mark.django_db(transaction=True)
def test_open_websockets_are_counted_by_route_until_they_close(channel_layer: Any) -> None:
    token = token_of("grafana", "viewer")
    viewer = session_cookie(User.objects.get(username="grafana"))
    before = open_sockets(metrics(token))

    async def open_then_close() -> tuple[dict[str, float], dict[str, float]]:
        sockets = [
            await open_socket("/ws/executions/", viewer),
            await open_socket("/ws/executions/", viewer),
            await open_socket("/ws/inbox/", viewer),
        ]
        for socket_ in sockets:
            assert (await socket_.receive_json_from(5))["type"] == "subscribed"
        refused = await open_socket("/ws/executions/", (b"cookie", b""))  # closed: 4401
        assert (await refused.receive_output(5))["type"] == "websocket.close"
        while_open = open_sockets(await database_sync_to_async(metrics)(token))
        for socket_ in [*sockets, refused]:
            await socket_.disconnect()
        return while_open, open_sockets(await database_sync_to_async(metrics)(token))

    while_open, after = async_to_sync(open_then_close)()

    assert while_open == {
        **before,
        "executions": before["executions"] + 2,
        "inbox": 1 + before["inbox"],
    }
    assert after == before
