"""What every caller does with executions: start, stop, redrive, wait, find and list them.

The REST API (engine/api), /aws/ (baton/aws/actions) and the pages call these and translate the
domain exceptions (workflows.WorkflowNotFound …, ExecutionNotFound, NotRunning, CannotRedrive,
ExecutionAlreadyExists, InputTooLarge) into their own errors. No DRF and no AWS shapes here.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from . import runtime, stops, waiters, workflows
from .executions import ExecutionAlreadyExists, InputTooLarge, start_execution
from .models import Execution, HistoryEvent, Status
from .runtime import CannotRedrive

__all__ = [
    "CannotRedrive",
    "ExecutionAlreadyExists",
    "ExecutionNotFound",
    "InputTooLarge",
    "NotRunning",
    "get_execution",
    "history_page",
    "list_executions",
    "redrive",
    "start",
    "stop",
    "wait_for_end",
]


class ExecutionNotFound(LookupError):
    def __init__(self, execution_id: object) -> None:
        super().__init__(f"No execution has the id '{execution_id}'.")
        self.execution_id = execution_id


class NotRunning(Exception):
    """A stop of an execution that has already ended."""

    def __init__(self, execution: Execution) -> None:
        super().__init__(f"Execution '{execution.name}' is {execution.status}, not RUNNING.")
        self.execution = execution


def get_execution(execution_id: object) -> Execution:
    """The execution with this id (ExecutionNotFound for an unknown or malformed id)."""
    try:
        key = uuid.UUID(str(execution_id))
    except ValueError:
        raise ExecutionNotFound(execution_id) from None
    execution = Execution.objects.select_related("workflow", "version").filter(id=key).first()
    if execution is None:
        raise ExecutionNotFound(execution_id)
    return execution


def list_executions(
    workflow: str | None = None,
    version: int | None = None,
    status: str | None = None,
    started_after: datetime | None = None,
    started_before: datetime | None = None,
    name: str | None = None,
    alias: str | None = None,
    test_run: bool | None = None,
    search: str | None = None,
) -> QuerySet[Execution]:
    """Executions that pass every filter given (unordered: each caller pages its own way);
    test runs are among them unless `test_run` is False. `search` is a name prefix, or a whole
    UUID that matches an execution's id (or its name, which defaults to a UUID) exactly."""
    found = Execution.objects.select_related("workflow", "version")
    exact = {
        "workflow__name": workflow,
        "version__number": version,
        "status": status,
        "test_run": test_run,
    }
    found = found.filter(**{field: value for field, value in exact.items() if value is not None})
    if alias is not None:
        found = found.filter(alias=alias)
    if started_after is not None:
        found = found.filter(started_at__gt=started_after)
    if started_before is not None:
        found = found.filter(started_at__lt=started_before)
    if name:
        found = found.filter(name__startswith=name)
    if search:
        found = found.filter(_searched(search))
    return found


def _searched(text: str) -> Q:
    try:
        key = uuid.UUID(text)
    except ValueError:
        return Q(name__startswith=text)
    return Q(id=key) | Q(name=text)


def history_page(execution: Execution, after: int, limit: int) -> tuple[list[HistoryEvent], bool]:
    """Up to `limit` events after event `after`, in order, and whether more follow."""
    events = list(execution.events.filter(event_id__gt=after).order_by("event_id")[: limit + 1])
    return events[:limit], len(events) > limit


def start(
    workflow: str,
    *,
    version: int | None = None,
    alias: str | None = None,
    name: str | None = None,
    input_value: Any = None,
    rng: random.Random | None = None,
    started_by: str = "",
    traceparent: str | None = None,
) -> tuple[Execution, bool]:
    """Start the named workflow's version chosen by workflows.resolve_version; (execution,
    created), idempotent by name as engine.executions.start_execution is."""
    if alias is None:  # the common case: one query finds both
        target = workflows.find_target(workflow, version=version)
    else:
        found = workflows.find_workflow(workflow)
        target = workflows.resolve_version(found, version=version, alias=alias, rng=rng)
    return start_execution(
        target,
        input_value,
        name=name,
        alias=alias or "",
        started_by=started_by,
        traceparent=traceparent,
    )


def stop(execution: Execution, error: str | None = None, cause: str | None = None) -> Execution:
    """Abort a running execution (and its children); NotRunning once it has ended."""
    if not stops.stop_execution(execution.id, error, cause):
        raise NotRunning(execution)
    return get_execution(execution.id)


def redrive(execution: Execution) -> Execution:
    """Resume a FAILED, TIMED_OUT or ABORTED execution (CannotRedrive otherwise)."""
    runtime.redrive_execution(execution.id)
    return get_execution(execution.id)


async def wait_for_end(execution: Execution, seconds: float) -> None:
    """Hold on until the execution ends or `seconds` pass, holding no thread (engine.waiters
    wakes it when the execution ends); then call refreshed_end(), a query, in a thread."""
    if execution.status == Status.RUNNING and seconds > 0:
        await waiters.execution_ended(execution.id, seconds)


def refreshed_end(execution: Execution) -> bool:
    """Whether the execution has ended, with its status and end fields read again."""
    execution.refresh_from_db(
        fields=["status", "output", "error", "cause", "stopped_at", "redrive_count"]
    )
    return execution.status != Status.RUNNING
