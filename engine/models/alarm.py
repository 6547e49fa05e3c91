"""Alarms: durable timers outside any execution's program (an approval's reminder, escalation
or deadline). Fired by engine/alarms.py."""

from __future__ import annotations

from django.db import models


class Alarm(models.Model):
    """`kind` names the registered handler; `subject` is what it is about (a human task's id).

    One alarm per (kind, subject): scheduling again moves it. A handler runs in the transaction
    that takes the row (FOR UPDATE SKIP LOCKED), so an alarm fires once, whichever engine runs it.
    """

    kind = models.CharField(max_length=64)
    subject = models.CharField(max_length=64)
    fire_at = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)  # a handler that raised: pushed forward

    class Meta:
        indexes = [models.Index(fields=["fire_at"], name="alarms_by_due_time")]  # alarms.fire_due
        constraints = [models.UniqueConstraint(fields=["kind", "subject"], name="unique_alarm")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} at {self.fire_at:%Y-%m-%d %H:%M:%S}"
