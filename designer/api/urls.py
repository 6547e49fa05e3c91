"""Designer API: workflows, versions, aliases, validation."""

from __future__ import annotations

urlpatterns: list = []
