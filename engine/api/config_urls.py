"""Engine configuration API: HTTP connections and schedules."""

from __future__ import annotations

urlpatterns: list = []
