"""Engine API: executions, history, task tokens, activities."""

from __future__ import annotations

urlpatterns: list = []
