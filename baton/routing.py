"""WebSocket URL routes; apps add their consumers here (engine: live execution updates)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

websocket_urlpatterns: list[URLPattern | URLResolver] = []
