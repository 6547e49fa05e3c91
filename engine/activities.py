"""Activities from Python: create and delete them, and take their tasks as a worker would.

A Task whose Resource is an activity ARN waits (resources/activity.py) until a worker takes it
with get_activity_task() and reports through engine.callbacks (success, failure, heartbeat).
Errors use Step Functions' names (ActivityDoesNotExist).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import runtime, waiters
from .listener import WorkListener
from .models import Activity, TaskRun, TaskStatus
from .notify import ACTIVITY_CHANNEL

FALLBACK_POLL_SECONDS = 1.0  # in case a NOTIFY is missed; wake-ups normally come by NOTIFY


class ActivityDoesNotExist(Exception):
    code = "ActivityDoesNotExist"


def create_activity(name: str) -> Activity:
    """The activity called `name`, created if needed (CreateActivity is idempotent too)."""
    activity, _ = Activity.objects.get_or_create(name=name)
    return activity


def delete_activity(name: str) -> None:
    """Forget the activity; tasks already waiting for it stay until they time out or end."""
    Activity.objects.filter(name=name).delete()


Taken = tuple[str, Any, str | None]


def get_activity_task(name: str, worker: str, wait_seconds: float = 60) -> Taken | None:
    """Take the oldest waiting task of activity `name`: (token, input, traceparent), or None
    after waiting. The traceparent (None unless tracing is on) is the attempt's span.

    1. Try to take a task at once (no listener connection on the busy path).
    2. Otherwise LISTEN for new activity tasks, then try again: a task scheduled between the
       first try and the LISTEN is found by the second.
    3. Sleep until a NOTIFY for this activity, the fallback interval or the deadline; try again.
    """
    if not Activity.objects.filter(name=name).exists():
        raise ActivityDoesNotExist(f"Activity Does Not Exist: '{name}'")
    found = take_activity_task(name, worker)
    if found is not None or wait_seconds <= 0:
        return found
    deadline = time.monotonic() + wait_seconds
    listener = WorkListener(ACTIVITY_CHANNEL)
    try:
        while (found := take_activity_task(name, worker)) is None:
            if not _wait_for(name, listener, deadline):
                return None
        return found
    finally:
        listener.close()


async def await_activity_task(name: str, worker: str, wait_seconds: float) -> Taken | None:
    """get_activity_task's wait for a server's event loop: the same answer, holding no thread
    while it waits (engine.waiters wakes one poll per NOTIFY). The caller checked the name."""
    return await waiters.until_activity_task(
        name, wait_seconds, lambda: take_activity_task(name, worker)
    )


def _wait_for(name: str, listener: WorkListener, deadline: float) -> bool:
    """Sleep until this activity may have a task (True) or the deadline passed (False)."""
    while (left := deadline - time.monotonic()) > 0:
        payloads = listener.payloads(min(left, FALLBACK_POLL_SECONDS))
        if not payloads or name in payloads:  # fallback interval, or news for this activity
            return True
    return False


def take_activity_task(name: str, worker: str) -> Taken | None:
    """Claim one untaken task of the activity; two workers never take the same one.

    Taking a task restarts its heartbeat clock: the worker gets HeartbeatSeconds from now.
    """
    with transaction.atomic():
        query = TaskRun.objects.filter(activity=name, status=TaskStatus.WAITING, worker="")
        locked = query.order_by("created_at").select_for_update(skip_locked=True)
        task = locked.only("id", "token", "payload", "execution_id", "key", "traceparent").first()
        if task is None:
            return None
        now = timezone.now()
        TaskRun.objects.filter(id=task.id).update(
            worker=worker,
            taken_at=now,
            heartbeat_expires_at=now + F("heartbeat_seconds") * timedelta(seconds=1),
        )
    runtime.record_task_started(task.execution_id, task.key, worker)
    return task.token, task.payload, task.traceparent
