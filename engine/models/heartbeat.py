"""Heartbeats: each engine loop and the django-q2 cluster record when they were last alive.

Read by /api/health/?ready=1 (baton/api/health.py) and by engines taking over the task runs of
dead ones (engine/pulse.py); written by each engine's pulse and by engine.tasks.beat_cluster.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models.functions import Now

FORGET_AFTER = timedelta(days=1)  # rows of processes that stopped beating long ago


class Process(models.TextChoices):
    ENGINE = "engine"
    CLUSTER = "cluster"


class EngineHeartbeat(models.Model):
    """The last time the process `name` (an engine, or a cluster's job) was seen alive."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Process.choices)
    seen_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "-seen_at"], name="heartbeat_latest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, kind: str, name: str, now: datetime | None = None) -> None:
        """Record `name` alive at `now`, or at the database's clock (engines: engine/pulse.py)."""
        cls.objects.update_or_create(name=name, defaults={"kind": kind, "seen_at": now or Now()})

    @classmethod
    def last_seen(cls, kind: str) -> datetime | None:
        """When any process of `kind` last beat (None if never)."""
        latest = cls.objects.filter(kind=kind).order_by("-seen_at").first()
        return latest.seen_at if latest else None

    @classmethod
    def forget_stale(cls, now: datetime) -> int:
        deleted, _ = cls.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
        return deleted
