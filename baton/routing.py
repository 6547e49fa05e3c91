"""WebSocket URL routes; each app adds its consumers (engine: live execution updates;
approvals: the live inbox and bell)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from approvals.routing import websocket_urlpatterns as approvals_routes
from engine.routing import websocket_urlpatterns as engine_routes

websocket_urlpatterns: list[URLPattern | URLResolver] = [*engine_routes, *approvals_routes]
