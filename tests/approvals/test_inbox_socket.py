"""The inbox's WebSocket /ws/inbox/ (approvals/consumers.py) over the real ASGI application and
channel layer: a new task reaches the sockets of the people it names and no one else's, and
the execution pages' sockets are not told of tasks."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from engine import broadcast
from tests.approvals.conftest import approval, start, task_of
from tests.engine.test_consumers import closed_with, connect, login

pytestmark = pytest.mark.usefixtures("engine")


def test_a_socket_without_a_login_is_closed_with_4401(settings: Any, people) -> None:
    """The in-memory layer: channels_postgres's receive, which every consumer opens, does not
    always cancel when this test's event loop closes (see tests/engine/test_consumers.py)."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    try:
        assert async_to_sync(closed_with)("/ws/inbox/", None) == 4401
    finally:
        channel_layers.backends.clear()


def test_a_new_task_for_bobs_group_reaches_bob_and_not_carol(channel_layer: Any, people) -> None:
    bob, carol, alice = (login(people[name]) for name in ("bob", "carol", "alice"))

    async def watch() -> tuple[list[dict[str, Any]], bool, list[dict[str, Any]]]:
        sockets = [(await connect("/ws/inbox/", user))[0] for user in (bob, carol, alice)]
        for socket_ in sockets:
            assert (await socket_.receive_json_from(5))["type"] == "subscribed"
        execution = await database_sync_to_async(start)("expense", approval())
        task = await database_sync_to_async(task_of)(execution)
        to_bob = await sockets[0].receive_json_from(10)
        to_alice = await sockets[2].receive_json_from(10)  # the requester hears of it too
        carol_heard = not await sockets[1].receive_nothing(timeout=1.5)
        for socket_ in sockets:
            await socket_.disconnect()
        assert to_bob["changes"][0]["human_task"] == task.id
        return to_bob["changes"], carol_heard, to_alice["changes"]

    to_bob, carol_heard, to_alice = async_to_sync(watch)()
    assert [c["action"] for c in to_bob] == ["created"]
    assert to_bob[0]["status"] == "OPEN" and "approvers" in to_bob[0]["groups"]
    assert all("execution" not in c for c in to_bob)  # the engine's own changes stay out
    assert not carol_heard
    assert [c["action"] for c in to_alice] == ["created"]


def test_the_execution_sockets_ignore_task_changes(channel_layer: Any, people) -> None:
    """A round mixing an execution's change and a task's: the live pages get only the first,
    and merging rounds passes the task's change on as it is (engine/broadcast.py)."""
    from tests.accounts.users import user_with

    viewer = login(user_with("viewer", "vera"))
    step = {"execution": "e1", "workflow": 1, "status": "RUNNING", "first_event": 1}
    step.update({"last_event": 2, "entered": ["A"], "exited": []})
    task = {"human_task": 7, "status": "OPEN", "action": "created", "people": [], "groups": []}
    merged = broadcast.merge([[step], [task]])
    assert merged == [step, task]

    async def watch() -> dict[str, Any]:
        socket_ = (await connect("/ws/executions/", viewer))[0]
        assert (await socket_.receive_json_from(5))["type"] == "subscribed"
        await channel_layer.group_send(broadcast.ALL_GROUP, broadcast.messages_for(merged)[0][1])
        got = await socket_.receive_json_from(10)
        await socket_.disconnect()
        return got

    assert async_to_sync(watch)() == {"type": "changes", "changes": [step]}
