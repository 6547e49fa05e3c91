"""URLs of the inbox pages under /inbox/."""

from __future__ import annotations

urlpatterns: list = []
