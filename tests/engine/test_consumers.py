"""The live pages' WebSockets (engine/consumers.py) over the real ASGI application and channel
layer: who is refused and with which code, and what arrives while an engine in its own process
runs an execution, through channels-postgres and through channels_redis."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client

from designer.services import publish_version
from engine import broadcast
from engine.executions import start_execution
from engine.models import Execution, Status
from tests.accounts.users import user_with
from tests.engine.engines import Engines
from tests.layers import members

ORIGIN = (b"origin", b"http://127.0.0.1")
REDIS_URL = os.environ.get("BATON_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STEPS = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 1, "Next": "B"},
        "B": {"Type": "Pass", "End": True},
    },
}


def cookie_of(user: User | None) -> tuple[bytes, bytes]:
    if user is None:
        return (b"cookie", b"")
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def connect(path: str, user: User | None, origin: tuple[bytes, bytes] = ORIGIN) -> Any:
    from baton.asgi import application

    socket_ = WebsocketCommunicator(application, path, headers=[origin, cookie_of_sync(user)])
    connected, code = await socket_.connect(timeout=5)
    return socket_, connected, code


def cookie_of_sync(user: User | None) -> tuple[bytes, bytes]:
    return COOKIES.get(user.pk if user else None, (b"cookie", b""))


COOKIES: dict[Any, tuple[bytes, bytes]] = {}


def login(user: User) -> User:
    COOKIES[user.pk] = cookie_of(user)
    return user


async def closed_with(path: str, user: User | None) -> int | None:
    """The code the server closed the socket with (None: the handshake itself was refused)."""
    socket_, connected, _ = await connect(path, user)
    if not connected:
        await socket_.disconnect()
        return None
    message = await socket_.receive_output(timeout=5)
    await socket_.disconnect()
    return message.get("code") if message["type"] == "websocket.close" else 0


@pytest.mark.django_db(transaction=True)
def test_a_socket_from_another_site_is_refused_at_the_handshake(settings: Any) -> None:
    """The origin check runs before any consumer; the layer plays no part in it. Channels'
    refusing consumer still opens a receive on the layer, and channels_postgres's receive does
    not cancel when this test's event loop closes (daphne's loop never closes), so here the
    layer is the in-memory one."""
    from channels.layers import channel_layers

    from baton.asgi import application

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()

    viewer = login(user_with("viewer", "vera"))
    scope = {
        "type": "websocket",
        "path": "/ws/executions/",
        "headers": [(b"origin", b"http://evil.example"), cookie_of_sync(viewer)],
        "query_string": b"",
        "subprotocols": [],
    }
    incoming = [{"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 1006}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def handshake() -> None:
        await asyncio.wait_for(application(scope, receive, send), timeout=5)

    async_to_sync(handshake)()
    channel_layers.backends.clear()
    assert sent[0]["type"] == "websocket.close"  # refused before any accept


# The Postgres layer reads and writes the test database over its own connections
WITH_LAYER_DB = pytest.mark.django_db(transaction=True)


@WITH_LAYER_DB
def test_anonymous_roleless_and_unknown_sockets_are_closed_with_a_code(channel_layer: Any) -> None:
    roleless = login(user_with(None, "nobody"))
    viewer = login(user_with("viewer", "vera"))
    missing = "/ws/executions/00000000-0000-0000-0000-000000000000/"

    async def attempts() -> list[int | None]:
        return [
            await closed_with("/ws/executions/", None),
            await closed_with("/ws/executions/", roleless),
            await closed_with(missing, viewer),
            await closed_with("/ws/workflows/nope/", viewer),
        ]

    assert async_to_sync(attempts)() == [4401, 4403, 4404, 4404]


@WITH_LAYER_DB
def test_the_sockets_of_one_process_share_one_membership_of_the_live_group(
    channel_layer: Any,
) -> None:
    """One delivery per round per server process, however many pages are open; the last
    socket out leaves the group (engine/live_hub.py)."""
    viewer = login(user_with("viewer", "vera"))
    change = {"execution": "e1", "workflow": 1, "status": "RUNNING", "first_event": 1}
    change.update({"last_event": 2, "entered": ["A"], "exited": []})

    async def watch() -> tuple[int, list[dict[str, Any]], int]:
        sockets = [(await connect("/ws/executions/", viewer))[0] for _ in range(3)]
        for socket_ in sockets:
            assert (await socket_.receive_json_from(5))["type"] == "subscribed"
        joined = len(await members(channel_layer, broadcast.ALL_GROUP))
        await channel_layer.group_send(broadcast.ALL_GROUP, broadcast.messages_for([change])[0][1])
        got = [await socket_.receive_json_from(10) for socket_ in sockets]
        for socket_ in sockets:
            await socket_.disconnect()
        return joined, got, len(await members(channel_layer, broadcast.ALL_GROUP))

    joined, got, left = async_to_sync(watch)()
    assert joined == 1
    assert got == [{"type": "changes", "changes": [change]}] * 3
    assert left == 0


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(params=["postgres", "redis"])
def layer_kind(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    """The test process and the engine process on the same kind of channel layer."""
    if request.param == "redis":
        if not redis_is_up():
            pytest.fail("channels_redis is tested against a Redis at 127.0.0.1:6379; none runs")
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [REDIS_URL], "capacity": 10000},
            }
        }
    else:
        settings.CHANNEL_LAYERS = django_settings.CHANNEL_LAYERS
    yield request.param


@WITH_LAYER_DB
def test_a_watcher_gets_every_change_of_a_run_made_by_an_engine_in_its_own_process(
    layer_kind: str, channel_layer: Any, engines: Engines
) -> None:
    viewer = login(user_with("viewer", "vera"))
    version = publish_version("steps", STEPS)
    engines.start(extra_env={"REDIS_URL": REDIS_URL} if layer_kind == "redis" else {})

    async def watch() -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
        workflow, connected, _ = await connect("/ws/workflows/steps/", viewer)
        every, _, _ = await connect("/ws/executions/", viewer)
        assert connected
        assert (await workflow.receive_json_from(5))["type"] == "subscribed"
        assert (await every.receive_json_from(5))["type"] == "subscribed"
        execution, _ = await database_sync_to_async(start_execution)(version, {})
        # The Wait leaves time to watch this one execution as well
        one, _, _ = await connect(f"/ws/executions/{execution.id}/", viewer)
        assert (await one.receive_json_from(5))["type"] == "subscribed"
        seen = await until_ended(workflow)
        overall = await until_ended(every)
        alone = await until_ended(one)
        for socket_ in (workflow, every, one):
            await socket_.disconnect()
        assert {c["execution"] for c in seen + overall + alone} == {str(execution.id)}
        return str(execution.id), seen, alone

    execution_id, seen, alone = async_to_sync(watch)()
    # Every change, in order: the event ranges join up with no gap and end at the last event
    ranges = [(c["first_event"], c["last_event"]) for c in seen if c["last_event"]]
    assert ranges[0][0] == 1
    assert all(
        later[0] == earlier[1] + 1 for earlier, later in zip(ranges, ranges[1:], strict=False)
    )
    last = Execution.objects.get(id=execution_id).events.order_by("-event_id").first()
    assert last is not None and ranges[-1][1] == last.event_id
    assert sum((c["entered"] for c in seen), []) == ["A", "Pause", "B"]
    assert alone[-1]["status"] == seen[-1]["status"] == Status.SUCCEEDED


async def until_ended(socket_: Any) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    while not changes or changes[-1]["status"] == Status.RUNNING:
        changes.extend((await socket_.receive_json_from(timeout=20))["changes"])
    return changes
