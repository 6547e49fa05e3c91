"""Personal API tokens, AWS-style access keys and the health check."""

from __future__ import annotations

from django.urls import path

from .access_keys import AccessKeyViewSet
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
    path(
        "access-keys/",
        AccessKeyViewSet.as_view({"get": "list", "post": "create"}),
        name="api-access-keys",
    ),
    path(
        "access-keys/<int:pk>/",
        AccessKeyViewSet.as_view({"delete": "destroy"}),
        name="api-access-key",
    ),
]
