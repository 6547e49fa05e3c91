"""WebSocket routes of the inbox (approvals/consumers.py)."""

from __future__ import annotations

from django.urls import path

from .consumers import InboxConsumer

websocket_urlpatterns = [path("ws/inbox/", InboxConsumer.as_asgi())]
