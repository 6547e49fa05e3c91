"""Python functions as Lambda: `arn:aws:lambda:…:function:NAME` and `…:::lambda:invoke`.

The function registered as NAME runs with the payload. An exception fails the task with the
exception's class name as error and its message as cause, as Lambda reports errorType and
errorMessage. A function registered with queue=True runs on the django-q2 cluster instead
(engine.tasks.run_queued_function), which reports its outcome by the task's token.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from .. import functions, tasklocal
from . import PENDING, TaskCall, TaskFailure, register

FUNCTION_ARN = re.compile(r"^arn:aws:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$")
INVOKE = "arn:aws:states:::lambda:invoke"


def register_kind() -> None:
    register(lambda resource: FUNCTION_ARN.match(resource) is not None, invoke_legacy)
    register(
        lambda resource: resource in (INVOKE, INVOKE + ".waitForTaskToken"), invoke_integration
    )


def invoke_legacy(call: TaskCall) -> Any:
    """The Lambda ARN as Resource: the result is the function's return value as it is."""
    match = FUNCTION_ARN.match(call.resource)
    assert match is not None
    return call_function(match.group(1), call.payload, call.token)


def invoke_integration(call: TaskCall) -> Any:
    """lambda:invoke: Parameters.FunctionName and Payload; the result wrapped as AWS wraps it."""
    parameters = call.payload if isinstance(call.payload, dict) else {}
    target = str(parameters.get("FunctionName", ""))
    match = FUNCTION_ARN.match(target)
    name = match.group(1) if match else target.split(":")[-1]
    result = call_function(name, parameters.get("Payload"), call.token, wrap=True)
    return result if result is PENDING else invoke_response(result)


def invoke_response(result: Any) -> dict[str, Any]:
    request_id = str(uuid.uuid4())
    return {
        "ExecutedVersion": "$LATEST",
        "Payload": result,
        "SdkHttpMetadata": {
            "HttpHeaders": {
                "Content-Type": "application/json",
                "X-Amz-Executed-Version": "$LATEST",
            },
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StatusCode": 200,
    }


def call_function(name: str, payload: Any, token: str, *, wrap: bool = False) -> Any:
    """The function's result, or PENDING when it is long-running and went to the cluster."""
    registered = functions.lookup(name)
    if registered is not None and registered.queue:
        from django_q.tasks import async_task

        scope = tasklocal.current()  # the task's context goes with it (telemetry/context.py)
        context = {}
        if scope is not None:
            context = {
                "execution_id": scope.execution_id,
                "state": scope.state,
                "attempt": scope.attempt,
                "traceparent": scope.traceparent,
            }
        async_task("engine.tasks.run_queued_function", token, name, payload, wrap=wrap, **context)
        return PENDING
    return run_function(name, payload)


def run_function(name: str, payload: Any) -> Any:
    registered = functions.lookup(name)
    if registered is None:
        raise TaskFailure(
            "Lambda.ResourceNotFoundException",
            f"Function not found: no Python function is registered as '{name}' "
            "(register one with @function in a module listed in BATON_FUNCTION_MODULES).",
        )
    try:
        return registered.handler(payload)
    except Exception as exc:  # noqa: BLE001 - any error of user code fails the task, as Lambda does
        raise TaskFailure(type(exc).__name__, str(exc)) from exc
