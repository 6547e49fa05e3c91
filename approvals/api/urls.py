"""URLs of /api/human-tasks/."""

from __future__ import annotations

urlpatterns: list = []
