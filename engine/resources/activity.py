"""Activities: `arn:aws:states:<region>:<account>:activity:NAME`.

The task waits for an external worker: it is marked as the activity's and left WAITING, and
workers polling the activity (engine/activities.py) are woken by a NOTIFY. The worker's answer
arrives by token through engine/callbacks.py. An activity that does not exist fails the task.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from .. import notify
from ..models import Activity, TaskRun, TaskStatus
from . import PENDING, TaskCall, TaskFailure, register

ACTIVITY_ARN = re.compile(r"^arn:aws:states:[^:]*:[^:]*:activity:([^:]+)$")


def is_activity(resource: str) -> bool:
    return ACTIVITY_ARN.match(resource) is not None


def register_kind() -> None:
    register(is_activity, schedule)


def schedule(call: TaskCall) -> Any:
    """Hand the task to the activity's workers; its outcome comes later, by token."""
    match = ACTIVITY_ARN.match(call.resource)
    assert match is not None
    name = match.group(1)
    if not Activity.objects.filter(name=name).exists():
        raise TaskFailure("ActivityDoesNotExist", f"Activity Does Not Exist: '{call.resource}'")
    with transaction.atomic():  # the NOTIFY is delivered when the WAITING row is visible
        # WAITING here rather than after the body returns, so that a worker woken by the
        # NOTIFY finds the task takeable at once (the engine's own update then matches nothing).
        TaskRun.objects.filter(token=call.token, status=TaskStatus.RUNNING).update(
            activity=name, status=TaskStatus.WAITING, lease_expires_at=None
        )
        notify.send(notify.ACTIVITY_CHANNEL, name)
    return PENDING
