"""Stops asked for while an engine was busy with the execution (engine/stops.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class StopRequest(models.Model):
    """A StopExecution that could not take the execution's lock at once; the next engine round
    that can take it aborts the execution."""

    # A plain column, no foreign key: checking one would wait on the busy engine's row lock.
    execution_id = models.UUIDField(primary_key=True)
    error = models.TextField(null=True, blank=True)
    cause = models.TextField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"stop {self.execution_id}"
