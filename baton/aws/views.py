"""The /aws/ endpoint: the Step Functions JSON protocol (awsJson1_0) over SigV4.

An async view: each action runs in a thread as a sync view would, and the two that wait
(GetActivityTask, StartSyncExecution) answer an engine.waiters.Later whose wait holds no thread.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime
from typing import Any

from asgiref.sync import async_to_sync, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from baton import jsontext
from baton.api.permissions import DESIGN, OPERATE, READ, capabilities_of
from engine.waiters import Later, conclude, in_thread

from . import sigv4
from .actions import ACTIONS, AwsError, Call, executions, load, tasks

log = logging.getLogger(__name__)
CONTENT_TYPE = "application/x-amz-json-1.0"
PREFIX = "AWSStepFunctions."
# What each action needs; reads by default (Describe*, List*, Get*, Validate*).
DESIGN_ACTIONS = {
    "CreateStateMachine",
    "UpdateStateMachine",
    "DeleteStateMachine",
    "PublishStateMachineVersion",
    "DeleteStateMachineVersion",
    "CreateStateMachineAlias",
    "UpdateStateMachineAlias",
    "DeleteStateMachineAlias",
    "CreateActivity",
    "DeleteActivity",
    "TagResource",
    "UntagResource",
}
OPERATE_ACTIONS = {
    "StartExecution",
    "StartSyncExecution",
    "StopExecution",
    "RedriveExecution",
    "SendTaskSuccess",
    "SendTaskFailure",
    "SendTaskHeartbeat",
    "GetActivityTask",
}
# The actions that wait answer a Later here: the wait holds no thread (ACTIONS' own versions,
# for Python callers, block theirs).
WAITING = {
    "GetActivityTask": tasks.get_activity_task_later,
    "StartSyncExecution": executions.start_sync_execution_later,
}


def needed(name: str) -> str:
    if name in DESIGN_ACTIONS:
        return DESIGN
    if name in OPERATE_ACTIONS:
        return OPERATE
    return READ


def _respond(payload: dict[str, Any], status: int = 200) -> HttpResponse:
    body = json.dumps(payload, default=_epoch_seconds)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPE)
    response["x-amzn-RequestId"] = str(uuid.uuid4())  # SDKs log it as the request's id
    return response


def _epoch_seconds(value: Any) -> float:
    """awsJson1_0 sends timestamps as seconds since the epoch; every SDK parses them so."""
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"{type(value).__name__} is not JSON")


def error_response(error: AwsError) -> HttpResponse:
    """The error as Step Functions answers it; also used by baton.error_handlers."""
    response = _respond({"__type": error.code, "message": error.message}, error.status)
    response["x-amzn-ErrorType"] = error.code
    return response


class Endpoint:
    """The view of /aws/. Django's URL dispatch awaits it; code that calls it directly with a
    request it made itself (no URL resolved, as a test does) gets the answer at once."""

    csrf_exempt = True  # SigV4 signs every request; there is no session to forge

    def __init__(self) -> None:
        markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if request.resolver_match is None:
            return async_to_sync(self.answer)(request)
        return self.answer(request)

    async def answer(self, request: HttpRequest) -> HttpResponse:
        try:
            handled = await in_thread(_handle, request)
            if isinstance(handled, Later):
                waited = handled
                return await conclude(Later(waited.wait, lambda res: _respond(waited.then(res))))
            return handled
        except AwsError as error:
            return error_response(error)
        except RequestDataTooBig:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            message = f"1 validation error detected: the request is larger than {limit} bytes."
            return error_response(AwsError("ValidationException", message))


endpoint = Endpoint()


def _handle(request: HttpRequest) -> HttpResponse | Later:
    if request.method != "POST":
        raise AwsError("UnknownOperationException", "Only POST is supported.", 405)
    user = sigv4.authenticate(request)
    target = request.headers.get("X-Amz-Target", "")
    if not target.startswith(PREFIX):
        raise AwsError(
            "UnknownOperationException", "X-Amz-Target must be AWSStepFunctions.<Action>."
        )
    name = target[len(PREFIX) :]
    load()
    handler = WAITING.get(name) or ACTIONS.get(name)
    if handler is None:
        raise AwsError(
            "UnknownOperationException",
            f"Baton does not support the Step Functions action {name}",
        )
    try:
        body = jsontext.loads(request.body or b"{}")
    except jsontext.Refused as refused:
        raise AwsError("SerializationException", f"The request body {refused}.") from None
    except ValueError:
        raise AwsError("SerializationException", "The request body is not JSON.") from None
    if not isinstance(body, dict):
        raise AwsError("SerializationException", "The request body must be a JSON object.")
    if needed(name) not in capabilities_of(user):
        raise AwsError(
            "AccessDeniedException",
            f"User {user.get_username()} is not authorized to perform: states:{name}",
        )
    answer = handler(Call(body, user, request.headers.get("traceparent")))
    return answer if isinstance(answer, Later) else _respond(answer)
