"""Per hour, workflow and state: how often states failed, were retried or had an error caught.

Written by the engine as it stores transitions (engine/telemetry/rollups.py), one upsert per
transaction that saw any (the happy path writes nothing); read by the dashboard, which works
with no Prometheus at all. History events do not say when a retry happened, and counting
failures there would scan every execution's events.
"""

from __future__ import annotations

from django.db import models


class RollupKind(models.TextChoices):
    FAILED = "failed"  # the state failed and nothing caught it: its thread (or execution) failed
    RETRIED = "retried"  # a Retry rule scheduled another attempt
    CAUGHT = "caught"  # a Catch rule took the error


class StateRollup(models.Model):
    hour = models.DateTimeField()  # UTC, truncated to the hour
    workflow = models.ForeignKey("designer.Workflow", on_delete=models.CASCADE, db_index=False)
    state = models.CharField(max_length=128)
    kind = models.CharField(max_length=8, choices=RollupKind.choices)
    error = models.CharField(max_length=256)
    count = models.PositiveIntegerField()
    # The last execution it happened in, for a link; not a foreign key: executions are deleted
    # after their retention while the counts stay.
    last_execution = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "workflow", "state", "kind", "error"], name="unique_state_rollup"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}h {self.state} {self.kind} {self.error} ×{self.count}"
