"""Running a leased task run's body and handing its outcome to the runtime."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.utils import timezone

from . import claims, inline, isolation, resources, runtime, tasklocal
from .asl import errors
from .models import TaskRun, TaskStatus
from .resources import activity
from .telemetry import context as telemetry_context

WAIT_FOR_TOKEN = ".waitForTaskToken"
SUBMITTED = "task_submitted"  # a callback's body ran; its outcome comes by token
WAITING = "task_waiting"  # resources.Waiting: the outcome comes by token; notes for the history


def run_and_deliver(task: TaskRun, engine: str, lease_seconds: float) -> list[TaskRun] | None:
    """Run the body; deliver its result, or leave the task WAITING for someone else's.

    The lease is confirmed first: a task that waited in this engine's queue past its lease may
    have been claimed by another engine meanwhile, and then only that one runs it.
    """
    fresh = task.lease_expires_at is not None and _seconds_left(task) > lease_seconds / 2
    if not fresh and not claims.confirm_lease(engine, task.id, lease_seconds):
        return None
    try:
        outcome = run_body(task)
    except Exception as exc:  # a resource's bug: its execution fails alone (isolation.py)
        if isolation.is_transient(exc):
            raise
        isolation.report(task.execution_id, exc)
        runtime.fail_alone(task.execution_id, exc)
        return None
    if outcome is None or outcome["kind"] in (SUBMITTED, WAITING):
        TaskRun.objects.filter(id=task.id, status=TaskStatus.RUNNING).update(
            status=TaskStatus.WAITING, lease_expires_at=None
        )
        if not activity.is_activity(task.resource):  # it starts when a worker takes it
            submitted = outcome if outcome and outcome["kind"] == SUBMITTED else None
            notes = outcome.get("notes", []) if outcome else []
            runtime.record_task_started(
                task.execution_id, task.key, submitted=submitted, notes=notes
            )
        return None
    return runtime.deliver_task_outcome(task.id, task.execution_id, outcome, engine)


def _seconds_left(task: TaskRun) -> float:
    """How long the lease this engine got with the task still runs (from its own clock)."""
    return (task.lease_expires_at - timezone.now()).total_seconds()


def run_body(task: TaskRun) -> dict[str, Any] | None:
    """The task's outcome event, or None when the outcome comes later (activity, child…);
    for a callback (.waitForTaskToken), what its body returned, as a SUBMITTED event.
    What the function logged with baton.log travels with the outcome as `notes`."""
    waits_for_token = task.resource.endswith(WAIT_FOR_TOKEN)
    resource = task.resource[: -len(WAIT_FOR_TOKEN)] if waits_for_token else task.resource
    call = resources.TaskCall(
        resource=resource,
        payload=task.payload,
        token=task.token,
        execution_id=str(task.execution_id),
        state=task.state,
        attempt=task.attempt,
        traceparent=task.traceparent,
    )
    scope = tasklocal.TaskScope(
        task.token, call.execution_id, task.state, task.attempt, task.traceparent
    )
    began = time.perf_counter()
    with telemetry_context.task_scope(scope):
        outcome = _outcome(call, waits_for_token)
    if not waits_for_token:
        elapsed = time.perf_counter() - began
        inline.record_duration(inline.function_name(resource, task.payload), elapsed)
    if scope.notes and outcome is not None:
        outcome["notes"] = [*scope.notes, *outcome.get("notes", [])]
    return outcome


def _outcome(call: resources.TaskCall, waits_for_token: bool) -> dict[str, Any] | None:
    try:
        result = resources.run(call)
    except resources.TaskFailure as failure:
        return {"kind": "task_failed", "error": failure.error, "cause": failure.cause}
    if result is resources.PENDING:
        return None
    if isinstance(result, resources.Waiting):
        return {"kind": WAITING, "notes": list(result.notes)}
    if waits_for_token:
        return {"kind": SUBMITTED, "output": result}
    return {"kind": "task_succeeded", "output": result}


def deadline_outcome(task: TaskRun, now: datetime) -> dict[str, Any]:
    """The failure a task run gets when its TimeoutSeconds or HeartbeatSeconds ran out."""
    if task.timeout_at is not None and task.timeout_at <= now:
        seconds = (task.timeout_at - task.created_at).total_seconds()
        cause = f"The task did not finish within its TimeoutSeconds ({seconds:g} s)."
        return {"kind": "task_failed", "error": errors.TIMEOUT, "cause": cause}
    cause = f"No heartbeat within HeartbeatSeconds ({task.heartbeat_seconds:g} s)."
    return {"kind": "task_failed", "error": errors.HEARTBEAT_TIMEOUT, "cause": cause}
