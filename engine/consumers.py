"""WebSockets of the live pages: /ws/executions/ (every execution), /ws/executions/<id>/ (one)
and /ws/workflows/<name>/ (one workflow's). Each forwards what it watches of
engine/broadcast.py's rounds, which reach each server process once (engine/live_hub.py).

The session cookie authenticates (AuthMiddlewareStack) and the origin must be this site's
(AllowedHostsOriginValidator, baton/asgi.py). Roles are global, so a user who may read
executions (viewer and up) may read every one; anyone else is closed with a 4xxx code, after
the handshake so the browser sees the code: 4401 not logged in, 4403 no role, 4404 no such
execution or workflow.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from baton.api.permissions import READ, capabilities_of
from designer.models import Workflow

from .live_hub import hub_for
from .models import Execution
from .telemetry.http_metrics import websocket_closed, websocket_opened

NOT_LOGGED_IN = 4401
NO_ROLE = 4403
NOT_FOUND = 4404


SENT_MEMORY = 10_000  # executions a socket remembers the last event it forwarded of
METRICS_ROUTE = {"all": "executions", "execution": "execution", "workflow": "workflow"}


class LiveConsumer(AsyncJsonWebsocketConsumer):
    joined: bool
    watches: tuple[str, Any]
    sent_upto: OrderedDict[str, int]

    async def connect(self) -> None:
        self.joined = False
        self.sent_upto = OrderedDict()
        await self.accept()
        refusal = await self.refusal()
        if refusal:
            await self.close(code=refusal)
            return
        watched = await database_sync_to_async(self.watched)()
        if watched is None:
            await self.close(code=NOT_FOUND)
            return
        self.watches = watched
        await hub_for(self.channel_layer).join(self)
        self.joined = True
        websocket_opened(METRICS_ROUTE[self.watches[0]])
        await self.send_json({"type": "subscribed"})

    async def refusal(self) -> int | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return NOT_LOGGED_IN
        held = await database_sync_to_async(capabilities_of)(user)
        return None if READ in held else NO_ROLE

    def watched(self) -> tuple[str, Any] | None:
        """What this socket's URL watches: ("execution", id as text), ("workflow", its id) or
        ("all", None); None when it names nothing that exists."""
        kwargs = self.scope["url_route"]["kwargs"]
        if "execution" in kwargs:
            found = Execution.objects.filter(id=kwargs["execution"]).exists()
            return ("execution", str(kwargs["execution"])) if found else None
        if "workflow" in kwargs:
            workflow = Workflow.objects.filter(name=kwargs["workflow"]).first()
            return ("workflow", workflow.id) if workflow else None
        return ("all", None)

    def is_watched(self, change: dict[str, Any]) -> bool:
        kind, key = self.watches
        return kind == "all" or change[kind] == key

    async def disconnect(self, code: int) -> None:
        if self.joined:
            websocket_closed(METRICS_ROUTE[self.watches[0]])
            await hub_for(self.channel_layer).leave(self)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Pages only listen; a ping is answered so a client can check the socket is alive."""
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    def watched_changes(self, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What of a round this socket forwards (live_hub.Hub.deliver sends it)."""
        # Rounds also carry the inbox's changes (approvals), which have no "execution".
        return [c for c in changes if "execution" in c and self.is_watched(c) and self.is_new(c)]

    def is_new(self, change: dict[str, Any]) -> bool:
        """False for a change this socket forwarded already: channels_postgres can deliver a
        message twice (seen in tests/engine/test_consumers.py), and a page must not draw a
        step twice. Changes carry their event range, so a repeat is recognised by it."""
        last = change.get("last_event")
        if last is None:
            return True
        key = change["execution"]
        if last <= self.sent_upto.get(key, 0):
            return False
        self.sent_upto[key] = last
        self.sent_upto.move_to_end(key)
        if len(self.sent_upto) > SENT_MEMORY:
            self.sent_upto.popitem(last=False)
        return True
