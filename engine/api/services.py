"""What the engine API does beyond one call into the engine: find what to start, wait for ends.

The views call these; the engine itself (executions, runtime, callbacks, activities) stays the
one place where executions start, stop and move.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

from django.db.models import QuerySet
from rest_framework import status as http

from baton.api.errors import ApiError
from designer.models import NAME_RULE, Alias, Workflow, WorkflowVersion
from designer.services import resolve_alias

from .. import activities
from ..conf import engine_setting
from ..executions import ExecutionAlreadyExists, InputTooLarge, start_execution
from ..listener import WorkListener
from ..models import Activity, Execution, HistoryEvent, Status
from ..notify import ENDED_CHANNEL

ACTIVITY_NAME = re.compile(NAME_RULE.regex.pattern)
FALLBACK_POLL_SECONDS = 1.0  # re-check the status in case a NOTIFY was missed


def get_execution(execution_id: str) -> Execution:
    """The execution with this id; 404 not_found for an unknown or malformed id."""
    try:
        key = uuid.UUID(str(execution_id))
    except ValueError:
        raise _not_found(f"No execution has the id '{execution_id}'.") from None
    execution = Execution.objects.select_related("workflow", "version").filter(id=key).first()
    if execution is None:
        raise _not_found(f"No execution has the id '{execution_id}'.")
    return execution


def executions_matching(
    workflow: str | None = None,
    version: int | None = None,
    status: str | None = None,
    started_after: Any = None,
    started_before: Any = None,
    name: str | None = None,
    alias: str | None = None,
) -> QuerySet[Execution]:
    """Executions that pass every filter given (the list's query string)."""
    found = Execution.objects.select_related("workflow", "version")
    if workflow is not None:
        found = found.filter(workflow__name=workflow)
    if version is not None:
        found = found.filter(version__number=version)
    if status is not None:
        found = found.filter(status=status)
    if alias is not None:
        found = found.filter(alias=alias)
    if started_after is not None:
        found = found.filter(started_at__gt=started_after)
    if started_before is not None:
        found = found.filter(started_at__lt=started_before)
    if name:
        found = found.filter(name__startswith=name)
    return found


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
) -> tuple[Execution, bool]:
    """Start the workflow's chosen version (by number, by alias, or the latest); (execution,
    created). Coded ApiErrors for everything a caller can get wrong."""
    target = version_to_start(workflow, version, alias)
    try:
        return start_execution(target, input_value, name=name, alias=alias or "")
    except InputTooLarge as exc:
        raise ApiError(
            http.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", str(exc)
        ) from None
    except ExecutionAlreadyExists as exc:
        raise ApiError(http.HTTP_409_CONFLICT, "ExecutionAlreadyExists", str(exc)) from None


def version_to_start(name: str, number: int | None, alias: str | None) -> WorkflowVersion:
    found = Workflow.objects.filter(name=name).first()
    if found is None:
        raise _not_found(f"No workflow is called '{name}'.")
    if found.archived_at is not None:
        message = f"Workflow '{name}' is archived: it starts no new executions."
        raise ApiError(http.HTTP_409_CONFLICT, "workflow_archived", message)
    if alias is not None:
        route = Alias.objects.select_related("workflow").filter(workflow=found, name=alias).first()
        if route is None:
            raise _not_found(f"Workflow '{name}' has no alias '{alias}'.")
        return resolve_alias(route)
    if number is None:
        chosen = found.latest_version()
    else:
        chosen = found.versions.filter(number=number).first()
    if chosen is None:
        raise _not_found(f"Workflow '{name}' has no version {number or ''}".rstrip() + ".")
    return chosen


def wait_until_ended(execution: Execution, seconds: float) -> bool:
    """Hold on until the execution ends (True) or `seconds` pass (False); refresh it.

    1. LISTEN on the ended channel first, so an end between the check and the wait is heard.
    2. Check the status; sleep until a NOTIFY names this execution, the fallback interval
       passes or the deadline comes; check again.
    """
    if execution.status != Status.RUNNING or seconds <= 0:
        return _refreshed_end(execution)
    deadline = time.monotonic() + seconds
    listener = WorkListener(ENDED_CHANNEL)
    try:
        while not _refreshed_end(execution):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _sleep_until_named(listener, str(execution.id), min(left, FALLBACK_POLL_SECONDS))
        return True
    finally:
        listener.close()


def _sleep_until_named(listener: WorkListener, execution_id: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        if execution_id in listener.payloads(left):
            return


def _refreshed_end(execution: Execution) -> bool:
    execution.refresh_from_db(
        fields=["status", "output", "error", "cause", "stopped_at", "redrive_count"]
    )
    return execution.status != Status.RUNNING


def check_payload_size(value: Any, what: str) -> None:
    """413 payload_too_large when `value` as JSON exceeds the payload limit."""
    limit = engine_setting("PAYLOAD_LIMIT_BYTES")
    size = len(json.dumps(value, separators=(",", ":")).encode())
    if size > limit:
        message = f"The {what} is {size} bytes; the limit is {limit} bytes."
        raise ApiError(http.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", message)


def all_activities() -> QuerySet[Activity]:
    return Activity.objects.order_by("name")


def create_activity(name: str) -> tuple[Activity, bool]:
    """The activity called `name` and whether this call created it (creating is idempotent)."""
    existed = Activity.objects.filter(name=name).exists()
    return activities.create_activity(name), not existed


def delete_activity(name: str) -> None:
    _known_activity(name)
    activities.delete_activity(name)


def take_activity_task(name: str, worker: str, wait: float) -> tuple[str, Any] | None:
    """A waiting task of the activity for `worker` (long-polling up to `wait` seconds)."""
    _known_activity(name)
    try:
        return activities.get_activity_task(name, worker, wait)
    except activities.ActivityDoesNotExist as exc:  # deleted while we waited
        raise _no_activity(str(exc)) from None


def _known_activity(name: str) -> None:
    # The name comes from the URL path: match the rule before it reaches a query (no NUL).
    if not ACTIVITY_NAME.match(name) or not Activity.objects.filter(name=name).exists():
        raise _no_activity(f"Activity Does Not Exist: '{name}'")


def _no_activity(message: str) -> ApiError:
    return ApiError(http.HTTP_404_NOT_FOUND, activities.ActivityDoesNotExist.code, message)


def _not_found(message: str) -> ApiError:
    return ApiError(http.HTTP_404_NOT_FOUND, "not_found", message)
