"""WebSocket routes of the live pages (engine/consumers.py)."""

from __future__ import annotations

from django.urls import path

from .consumers import LiveConsumer

websocket_urlpatterns = [
    path("ws/executions/", LiveConsumer.as_asgi()),
    path("ws/executions/<uuid:execution>/", LiveConsumer.as_asgi()),
    path("ws/workflows/<str:workflow>/", LiveConsumer.as_asgi()),
]
