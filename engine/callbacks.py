"""Task tokens: success, failure and heartbeat from outside the engine (`.waitForTaskToken`,
activities, long-running functions). They record the outcome on the task run; an engine
delivers it. Errors use Step Functions' names (TaskDoesNotExist, TaskTimedOut)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from . import notify
from .models import Execution, TaskRun, TaskStatus

OPEN = [TaskStatus.RUNNING, TaskStatus.WAITING, TaskStatus.PENDING]
# History events ({"type", "details"}) the engine writes just before the outcome it comes with,
# so they are in the history however soon an engine delivers it (approvals' decisions).
Notes = Sequence[dict[str, Any]]


class TaskDoesNotExist(Exception):
    code = "TaskDoesNotExist"


class TaskTimedOut(Exception):
    """The token was valid, but its task has ended (timed out, answered, or stopped)."""

    code = "TaskTimedOut"


def send_task_success(token: str, output: Any, notes: Notes = ()) -> None:
    _record(token, {"kind": "task_succeeded", "output": output}, notes)


def send_task_failure(
    token: str, error: str | None = None, cause: str | None = None, notes: Notes = ()
) -> None:
    _record(token, {"kind": "task_failed", "error": error, "cause": cause}, notes)


def send_task_heartbeat(token: str) -> None:
    """Push the task's heartbeat deadline HeartbeatSeconds into the future."""
    tasks = TaskRun.objects.filter(token=token, status__in=OPEN)
    updated = tasks.exclude(heartbeat_seconds=None).update(
        heartbeat_expires_at=timezone.now() + F("heartbeat_seconds") * timedelta(seconds=1)
    )
    if not updated and not tasks.exists():
        _raise_missing(token)


def _record(token: str, outcome: dict[str, Any], notes: Notes = ()) -> None:
    if notes:
        outcome["notes"] = list(notes)
    updated = TaskRun.objects.filter(token=token, status__in=OPEN).update(
        status=TaskStatus.DONE, outcome=outcome, lease_expires_at=None
    )
    if not updated:
        _raise_missing(token)
    notify.work()


def _raise_missing(token: str) -> None:
    execution_id = token.split(".", 1)[0]
    try:
        known = Execution.objects.filter(id=execution_id).exists()
    except Exception:  # noqa: BLE001 - not a UUID: certainly not one of ours
        known = False
    if known:
        raise TaskTimedOut(f"The task of token '{token}' has already ended.")
    raise TaskDoesNotExist(f"No task has the token '{token}'.")
