"""Stopping executions, also while an engine is busy with one.

A stop waits at most STOP_LOCK_WAIT for the execution's row lock. When an engine holds it
longer (a long transition), the stop is recorded as a StopRequest and answered at once; every
engine round applies the recorded stops it can lock (worker.Engine.tick), so the execution ends
ABORTED as soon as the busy transition commits, and is not advanced again before that.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from psycopg import errors as pg_errors

from . import claims, notify, runners
from .models import Execution, Status, StopRequest
from .store import store

STOP_LOCK_WAIT = "500ms"
BATCH = 50
NOTIFY_PAYLOAD = "stop"  # on notify.WORK_CHANNEL: engines look for recorded stops at once


def stop_execution(execution_id: Any, error: str | None = None, cause: str | None = None) -> bool:
    """Abort a RUNNING execution and cancel its pending work; its children are stopped too.

    An engine may be busy with the execution: after STOP_LOCK_WAIT the stop is recorded
    instead and the next engine round that can take the execution aborts it, so a stop
    answers at once however long a transition takes. False when it is not RUNNING.
    """
    try:
        with transaction.atomic():
            _set_lock_wait(STOP_LOCK_WAIT)
            execution = claims.lock_execution(execution_id)
            _set_lock_wait("0")  # no limit for the rest of the transaction
            if execution is None or execution.status != Status.RUNNING:
                return False
            _abort(execution, error, cause)
    except Exception as exc:
        if not _is_lock_timeout(exc):
            raise
        return _request(execution_id, error, cause)
    _stop_children(execution, error, cause)
    return True


def apply_stop_requests() -> bool:
    """Abort the executions whose stop was recorded while an engine held them; True when
    one was applied. Those still held stay for the next round."""
    applied = False
    for request in StopRequest.objects.order_by("requested_at")[:BATCH]:
        with transaction.atomic():
            execution = claims.lock_execution(request.execution_id, skip_locked=True)
            if execution is None and _is_held(request.execution_id):
                continue
            request.delete()
            if execution is None or execution.status != Status.RUNNING:
                continue
            _abort(execution, request.error, request.cause)
            applied = True
        _stop_children(execution, request.error, request.cause)
    return applied


def _abort(execution: Execution, error: str | None, cause: str | None) -> None:
    runner = runners.runner_for(execution)
    if execution.program is None:
        runner.program = runners.new_program(execution)
    runner.abort(error, cause)
    store(execution, runner)


def _stop_children(execution: Execution, error: str | None, cause: str | None) -> None:
    children = execution.children.filter(status=Status.RUNNING).values_list("id", flat=True)
    for child in list(children):  # each in its own transaction: lock order stays parent-free
        stop_execution(child, error, cause)


def _set_lock_wait(wait: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [wait])


def _is_lock_timeout(exc: BaseException) -> bool:
    return isinstance(exc.__cause__, pg_errors.LockNotAvailable)


def _is_held(execution_id: Any) -> bool:
    """True when the execution exists (so SKIP LOCKED passed it over: an engine holds it)."""
    return Execution.objects.filter(id=execution_id).exists()


def _request(execution_id: Any, error: str | None, cause: str | None) -> bool:
    """Record a stop for the busy execution; False when it is not RUNNING (a plain read)."""
    if not Execution.objects.filter(id=execution_id, status=Status.RUNNING).exists():
        return False
    with transaction.atomic():
        StopRequest.objects.update_or_create(
            execution_id=execution_id, defaults={"error": error, "cause": cause}
        )
        notify.send(notify.WORK_CHANNEL, NOTIFY_PAYLOAD)
    return True
