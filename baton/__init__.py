"""Baton, a self-hosted workflow orchestrator.

Kept light on purpose: `from baton import function` (the function registry) and `from baton
import log` (engine/tasklog.py) must be importable without loading Django models; heartbeat()
imports the engine only when called.
"""

from engine.functions import function
from engine.tasklog import log

__all__ = ["function", "heartbeat", "log"]


def heartbeat() -> None:
    """Tell Baton the task this function runs as is still alive (pushes HeartbeatSeconds)."""
    from engine.callbacks import send_task_heartbeat
    from engine.tasklocal import INLINE, current_token

    token = current_token()
    if token is None:
        raise RuntimeError(
            "baton.heartbeat() was called outside a task: only a function running as a "
            "Task state's body can send heartbeats."
        )
    if token == INLINE:
        return  # run inline: it has no HeartbeatSeconds (engine/inline.py), nothing to push
    send_task_heartbeat(token)
