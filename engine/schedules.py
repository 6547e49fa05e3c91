"""Creating and changing schedules: the one place that validates them (used by the `schedule`
command and /api/schedules/)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from designer.models import Workflow

from .conf import engine_setting
from .models import Schedule

# Changing any of these moves the next run (missed times are skipped, as on enable).
TIMING = frozenset({"cron", "time_zone", "enabled"})
FIELDS = frozenset({"workflow", "version", "cron", "time_zone", "input", "enabled"})


class ScheduleInvalid(Exception):
    """The schedule cannot be saved; `problems` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items()))
        self.problems = problems


class ScheduleExists(Exception):
    """Another schedule has this name."""


def create_schedule(name: str, **fields: Any) -> Schedule:
    """A new schedule `name` from FIELDS (workflow by name); its next run is computed."""
    if Schedule.objects.filter(name=name).exists():
        raise ScheduleExists(f"A schedule is already named '{name}'.")
    schedule = Schedule(name=name)
    apply(schedule, {"time_zone": "UTC", "input": {}, "enabled": True, **fields})
    try:
        with transaction.atomic():
            schedule.save()
    except IntegrityError:
        raise ScheduleExists(f"A schedule is already named '{name}'.") from None
    return schedule


def update_schedule(schedule: Schedule, **changes: Any) -> Schedule:
    """Change some of FIELDS; a change of timing recomputes the next run."""
    apply(schedule, changes)
    if TIMING & changes.keys():
        schedule.reschedule(timezone.now())
    schedule.save()
    return schedule


def apply(schedule: Schedule, fields: dict[str, Any]) -> None:
    """Set `fields` on `schedule` and validate the result (ScheduleInvalid otherwise)."""
    unknown = fields.keys() - FIELDS
    if unknown:
        raise ScheduleInvalid({key: ["Not a schedule field."] for key in sorted(unknown)})
    if "workflow" in fields:
        schedule.workflow = find_workflow(fields["workflow"])
    for key in FIELDS - {"workflow"}:
        if key in fields:
            setattr(schedule, key, fields[key])
    check_input_size(schedule.input)
    try:
        schedule.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ScheduleInvalid(exc.message_dict) from exc


def find_workflow(name: str) -> Workflow:
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        raise ScheduleInvalid({"workflow": [f"No workflow is named '{name}'."]})
    return workflow


def check_input_size(value: Any) -> None:
    limit = engine_setting("PAYLOAD_LIMIT_BYTES")
    if len(json.dumps(value, ensure_ascii=False).encode()) > limit:
        raise ScheduleInvalid({"input": [f"The input is larger than {limit} bytes."]})
