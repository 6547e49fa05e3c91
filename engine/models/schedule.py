"""Schedules: a workflow started on a cron expression in a time zone (engine/schedule_runs.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .. import cron
from .execution import Execution

# Execution names are "<schedule>-<yyyymmddThhmmZ>" (15 more characters) within Step
# Functions' 80.
SCHEDULE_NAME = RegexValidator(r"^[A-Za-z0-9_-]{1,64}$", "Use 1–64 letters, digits, '-' or '_'.")


def validate_cron(value: str) -> None:
    try:
        parsed = cron.parse(value)
        cron.next_fire_at(parsed, timezone.now(), ZoneInfo("UTC"))
    except cron.CronError as exc:
        raise ValidationError(str(exc)) from exc


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"'{value}' is not an IANA time zone (e.g. Europe/Paris).") from exc
    if value not in available_timezones() and value != "UTC":
        raise ValidationError(f"'{value}' is not an IANA time zone (e.g. Europe/Paris).")


class Schedule(models.Model):
    """Start `workflow` (version `version`, or its latest) each time `cron` fires in `time_zone`.

    Missed times (every engine down, schedule disabled) are not caught up one by one: the next
    run is computed from the time of firing, so a long outage gives one run, not a burst.
    """

    name = models.CharField(max_length=64, unique=True, validators=[SCHEDULE_NAME])
    workflow = models.ForeignKey(
        "designer.Workflow", on_delete=models.CASCADE, related_name="schedules"
    )
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Version number to start; empty for the latest."
    )
    cron = models.CharField(
        max_length=120,
        validators=[validate_cron],
        help_text="minute hour day-of-month month day-of-week, e.g. */5 * * * *",
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    input = models.JSONField(default=dict, blank=True)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)  # None while disabled
    last_execution = models.ForeignKey(
        Execution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_error = models.TextField(blank=True)  # why the last run started nothing

    class Meta:
        ordering = ["name"]
        indexes = [
            # Used by engine.schedule_runs.fire_due_schedules and claims.next_due.
            models.Index(fields=["next_run_at"], name="due_schedules", condition=Q(enabled=True))
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.version is not None and self.workflow_id is not None:
            if not self.workflow.versions.filter(number=self.version).exists():
                raise ValidationError(
                    {"version": f"{self.workflow} has no version {self.version}."}
                )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.enabled and self.next_run_at is None:
            self.reschedule(timezone.now())
        super().save(*args, **kwargs)

    def reschedule(self, now: datetime) -> None:
        """Set next_run_at to the first time after `now` (None when disabled); not saved."""
        self.next_run_at = self.next_fire_after(now) if self.enabled else None

    def set_enabled(self, enabled: bool, now: datetime) -> None:
        """Enable (next run: the first time after `now`; missed ones are skipped) or disable."""
        self.enabled = enabled
        self.reschedule(now)
        self.save(update_fields=["enabled", "next_run_at"])

    def next_fire_after(self, moment: datetime) -> datetime:
        return cron.next_fire_at(cron.parse(self.cron), moment, ZoneInfo(self.time_zone))

    def execution_name(self, fire_at: datetime) -> str:
        """The name of the execution for the run due at `fire_at`: the same in every process.

        Cron times fall on whole minutes; a due time moved off one (an operator, a test) gets
        its seconds too, so two runs never share a name (the schedule's part is cut to fit)."""
        utc = fire_at.astimezone(ZoneInfo("UTC"))
        stamp = f"{utc:%Y%m%dT%H%M}{f'{utc:%S}' if utc.second else ''}Z"
        return f"{self.name[: 79 - len(stamp)]}-{stamp}"
