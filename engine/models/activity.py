"""Activities: named queues of Task work that external workers poll (engine/activities.py)."""

from __future__ import annotations

from django.db import models


class Activity(models.Model):
    """A Step Functions activity: `arn:aws:states:<region>:<account>:activity:NAME`."""

    name = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.name
