"""The project foundation: database, authentication wall, channel layer, engine settings."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import connection
from django.test import Client

from engine.conf import engine_setting
from tests.layers import members


def test_admin_login_page_renders(client: Client, db: None) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_anonymous_request_to_home_is_redirected_to_login(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_home_is_the_workflow_list_and_the_admin_is_one_link_away(alice_client: Client) -> None:
    response = alice_client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/workflows/"
    assert b'href="/admin/"' in response.content
    assert alice_client.get("/admin/").status_code == 200


def test_database_is_postgresql(db: None) -> None:
    assert connection.vendor == "postgresql"


def test_channel_layer_is_configured_and_cross_process() -> None:
    layer = get_channel_layer()
    assert layer is not None
    assert not isinstance(layer, InMemoryChannelLayer)


@pytest.mark.django_db(transaction=True)
def test_channel_layer_delivers_a_group_message(channel_layer: Any) -> None:
    async def round_trip() -> dict[str, Any]:
        channel = await channel_layer.new_channel()
        await channel_layer.group_add("baton-test", channel)
        await channel_layer.group_send("baton-test", {"type": "ping", "n": 1})
        return await channel_layer.receive(channel)

    assert async_to_sync(round_trip)() == {"type": "ping", "n": 1}


@pytest.mark.django_db(transaction=True)
def test_a_channel_that_leaves_a_group_is_no_longer_in_it(channel_layer: Any) -> None:
    """channels_postgres alone needed baton/channel_layer.py for this; Redis is asked too."""

    group = f"baton-test-{uuid.uuid4().hex}"  # Redis outlives test databases

    async def leave() -> tuple[int, int]:
        staying, leaving = await channel_layer.new_channel(), await channel_layer.new_channel()
        for channel in (staying, leaving):
            await channel_layer.group_add(group, channel)
        before = len(await members(channel_layer, group))
        await channel_layer.group_discard(group, leaving)
        return before, len(await members(channel_layer, group))

    assert async_to_sync(leave)() == (2, 1)


def test_engine_settings_have_documented_defaults() -> None:
    assert engine_setting("PAYLOAD_LIMIT_BYTES") == 262144
    assert engine_setting("HISTORY_LIMIT_EVENTS") == 100000
