"""WebSocket URL routes; each app adds its consumers (engine: live execution updates)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from engine.routing import websocket_urlpatterns as engine_routes

websocket_urlpatterns: list[URLPattern | URLResolver] = [*engine_routes]
