"""Personal API tokens and the health check."""

from __future__ import annotations

from django.urls import path

from .health import HealthView
from .tokens import TokenViewSet

urlpatterns = [
    path("health/", HealthView.as_view(), name="api-health"),
    path(
        "tokens/",
        TokenViewSet.as_view({"get": "list", "post": "create"}),
        name="api-tokens",
    ),
    path("tokens/<int:pk>/", TokenViewSet.as_view({"delete": "destroy"}), name="api-token"),
]
