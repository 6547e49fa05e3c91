"""Running the engine inside a command's own process until given executions end.

Used by `execute`, `asl_conformance` and `bench`: the real loop (claims, timers, tasks), only
hosted by the command instead of a separate `runengine` process.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable

from .models import Execution, Status
from .worker import Engine


def run_until_ended(execution_ids: Iterable[object], *, concurrency: int = 4) -> None:
    """Serve until none of `execution_ids` is RUNNING any more."""
    pending = {uuid.UUID(str(execution_id)) for execution_id in execution_ids}
    checked_at = 0.0

    def all_ended() -> bool:
        nonlocal checked_at
        now = time.monotonic()
        if now - checked_at < 0.005:  # one status query per 5 ms at most
            return False
        checked_at = now
        running = Execution.objects.filter(id__in=pending, status=Status.RUNNING)
        pending.intersection_update(running.values_list("id", flat=True))
        return not pending

    Engine(concurrency=concurrency).serve(until=all_ended)
