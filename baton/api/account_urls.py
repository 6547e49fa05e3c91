"""Personal API tokens and the health check."""

from __future__ import annotations

urlpatterns: list = []
