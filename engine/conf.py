"""Engine options: settings.BATON_ENGINE over the defaults below, read via engine_setting()."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS: dict[str, Any] = {
    "PAYLOAD_LIMIT_BYTES": 262144,  # AWS Step Functions' 256 KiB
    "HISTORY_LIMIT_EVENTS": 100000,
    # How long an engine holds a task run it runs, renewed while it lives (engine/pulse.py): the
    # backstop for an engine that beats but hangs.
    "TASK_LEASE_SECONDS": 300.0,
    # An engine whose heartbeat is older than this is dead: others take over its task runs.
    "ENGINE_DEAD_SECONDS": 10.0,
    # A stopping engine (SIGTERM) waits this long for its running task bodies, then hands the
    # rest back (PENDING) for another engine to run at once.
    "STOP_GRACE_SECONDS": 10.0,
    # An engine stops advancing executions after this long in one transaction and goes on in
    # the next, so a slow definition cannot hold its row locks (and a stop) for long.
    "TRANSITION_SECONDS": 1.0,
    # runengine's address-space limit (RLIMIT_AS) in MB, 0 for none: an allocation past it
    # raises MemoryError, which fails the execution that made it (engine/isolation.py).
    "MEMORY_LIMIT_MB": 0,
    # A cron run missed while no engine ran (engine/schedule_runs.py): "once" starts it on
    # recovery (one run however many times were missed), "skip" only records that it was skipped.
    "SCHEDULE_CATCH_UP": "once",
    # HTTP Tasks (engine/resources/http.py): a call past either fails with States.Http.Socket.
    "HTTP_CONNECT_TIMEOUT_SECONDS": 10.0,
    "HTTP_READ_TIMEOUT_SECONDS": 60.0,  # AWS cuts an HTTP Task off after 60 s
    # Executions that ended more than this many days ago are deleted (engine.tasks.sweep_retention).
    "RETENTION_DAYS": 90,
    # StartSyncExecution at /aws/ waits this long, then stops the execution (States.Timeout).
    "SYNC_EXECUTION_SECONDS": 60.0,
    # Used in the ARNs of the context object ($$.Execution.Id) and the AWS-compatible API.
    "REGION": "us-east-1",
    "ACCOUNT_ID": "000000000000",
    # Live updates (engine/broadcast.py): what each transaction changed goes to the channel
    # layer after it commits. Off only to measure what it costs (bench W2).
    "PUBLISH": True,
}


def lease_seconds() -> float:
    """TASK_LEASE_SECONDS: how long a task run stays leased to the engine that runs it."""
    return float(engine_setting("TASK_LEASE_SECONDS"))


def engine_setting(name: str) -> Any:
    """The value of BATON_ENGINE[name], or its default; unknown names are a programming error."""
    if name not in DEFAULTS:
        raise ImproperlyConfigured(f"BATON_ENGINE has no option {name!r}")
    return getattr(settings, "BATON_ENGINE", {}).get(name, DEFAULTS[name])
