"""Quick Python functions run inside the transition that scheduled them.

A Task whose function typically takes at most INLINE_MAX_SECONDS in this process runs at
once, inside the transaction that holds its execution: no task run row, no second transaction,
no hand-off to a thread. The guarantee stays at-least-once: if that transaction rolls back, the
execution is advanced again and the function runs again, as when an engine dies mid-task.
Functions with TimeoutSeconds or HeartbeatSeconds, queued functions, callbacks and every other
resource go through task runs; a function first runs there, which is where its speed is learnt.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from . import functions, resources, tasklocal
from .asl.interpreter import Runner
from .resources.python import FUNCTION_ARN, INVOKE
from .telemetry import context as telemetry_context
from .telemetry import tracing

INLINE_MAX_SECONDS = 0.005
OUTLIER_SECONDS = 4 * INLINE_MAX_SECONDS
BUDGET_SECONDS = 0.05  # per transition, so a long chain still commits now and then
# Function name -> a decaying average of its run time in this process: one slow run under load
# does not shut a function out for good, and a function that turns slow stops being inlined.
_typical: dict[str, float] = {}
_lock = threading.Lock()
DECAY = 0.2


def function_name(resource: str, payload: Any) -> str | None:
    """The registered function a Task resource calls, or None for any other resource."""
    match = FUNCTION_ARN.match(resource)
    if match:
        return match.group(1)
    if resource == INVOKE and isinstance(payload, dict):
        target = str(payload.get("FunctionName", ""))
        match = FUNCTION_ARN.match(target)
        return match.group(1) if match else target.split(":")[-1] or None
    return None


def record_duration(name: str | None, seconds: float) -> None:
    """Remember how long a function took (task bodies in the pool report here too).

    One run counts for at most OUTLIER_SECONDS: a garbage collection or a wait for the GIL
    inside a quick function's run (seen: 64 ms, twice per W2 run) must not send the next fifty
    tasks of a batch to the pool, while a function that is slow every time still leaves the
    inline path after two runs."""
    if name is None:
        return
    seconds = min(seconds, OUTLIER_SECONDS)
    with _lock:
        previous = _typical.get(name)
        _typical[name] = seconds if previous is None else previous + DECAY * (seconds - previous)


def is_eligible(effect: dict[str, Any]) -> bool:
    if effect["kind"] != "task" or effect["timeout_seconds"] or effect["heartbeat_seconds"]:
        return False
    name = function_name(effect["resource"], effect["payload"])
    registered = functions.lookup(name) if name else None
    if registered is None or registered.queue:
        return False
    return _typical.get(name, INLINE_MAX_SECONDS + 1) <= INLINE_MAX_SECONDS


def run_inline(runner: Runner, execution: Any) -> None:
    """Run eligible task effects now and feed their outcomes back, until none is left."""
    deadline = time.monotonic() + BUDGET_SECONDS
    while time.monotonic() < deadline and runner.status == "RUNNING":
        chosen = [effect for effect in runner.effects if is_eligible(effect)]
        if not chosen:
            return
        for effect in chosen:
            runner.effects.remove(effect)
            effect["traceparent"] = tracing.task_traceparent(
                execution.id, execution.traceparent, effect["key"]
            )
            runner.deliver({**_outcome(effect, execution.id), "key": effect["key"]})
        runner.run()


def _outcome(effect: dict[str, Any], execution_id: object) -> dict[str, Any]:
    call = resources.TaskCall(
        resource=effect["resource"],
        payload=effect["payload"],
        token=effect["token"],
        execution_id=str(execution_id),
        state=effect["state"],
        attempt=effect["attempt"],
        traceparent=effect.get("traceparent"),
    )
    scope = tasklocal.TaskScope(
        tasklocal.INLINE, call.execution_id, call.state, call.attempt, call.traceparent
    )
    began = time.perf_counter()
    with telemetry_context.task_scope(scope):
        try:
            outcome = {"kind": "task_succeeded", "output": resources.run(call)}
        except resources.TaskFailure as failure:
            outcome = {"kind": "task_failed", "error": failure.error, "cause": failure.cause}
    record_duration(function_name(call.resource, call.payload), time.perf_counter() - began)
    if scope.notes:  # what the function logged (baton.log), written before its outcome
        outcome["notes"] = scope.notes
    return outcome
