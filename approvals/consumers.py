"""The inbox's WebSocket, /ws/inbox/: the bell and the inbox list hear of the tasks that
concern the logged-in user, from the same rounds as the live executions (engine/live_hub.py;
approvals/announce.py puts {"human_task", "status", "action", "people", "groups"} in them).

Session auth (AuthMiddlewareStack); no role needed: a task concerns whoever it names. Closed
with 4401 when not logged in, after the handshake so the browser sees the code.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from engine.live_hub import hub_for
from engine.telemetry.http_metrics import websocket_closed, websocket_opened

from .rules import Person

NOT_LOGGED_IN = 4401


class InboxConsumer(AsyncJsonWebsocketConsumer):
    joined: bool
    person: Person

    async def connect(self) -> None:
        self.joined = False
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=NOT_LOGGED_IN)
            return
        self.person = await database_sync_to_async(Person.of)(user)
        await hub_for(self.channel_layer).join(self)
        self.joined = True
        websocket_opened("inbox")
        await self.send_json({"type": "subscribed"})

    async def disconnect(self, code: int) -> None:
        if self.joined:
            websocket_closed("inbox")
            await hub_for(self.channel_layer).leave(self)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The page only listens; a ping is answered so it can check the socket is alive."""
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    def watched_changes(self, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The round's task changes that concern this user (live_hub.Hub.deliver sends them)."""
        return [c for c in changes if "human_task" in c and self.concerns(c)]

    def concerns(self, change: dict[str, Any]) -> bool:
        named = self.person.username in change.get("people", ())
        return named or bool(self.person.groups & set(change.get("groups", ())))
